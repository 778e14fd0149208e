// Case: renatorib/react-powerplug, fix commit fc941829a5f8ee826ee5944d9ce50629579a58a7 ("Fix setting multiple
// interval error", PR https://github.com/renatorib/react-powerplug/pull/176). Rewritten in our own code: a ticker
// component starts its interval from start(), which the render prop hands to users; calling start() while it runs
// arms a second interval over the first, and stop() can only clear the last one.
import { Component } from 'react';

export class Ticker extends Component {
  state = { ticks: 0 };

  timerId = undefined;

  stopTimer = () => {
    if (this.timerId) {
      clearInterval(this.timerId);
      this.timerId = undefined;
    }
  };

  startTimer = (period) => {
    if (Number.isFinite(period)) {
      this.timerId = setInterval(() => this.setState((s) => ({ ticks: s.ticks + 1 })), period);
    }
  };

  start = (period) => {
    this.startTimer(typeof period === 'number' ? period : (this.props.period ?? 1000));
  };

  componentDidMount() {
    this.start();
  }

  componentWillUnmount() {
    this.stopTimer();
  }

  render() {
    return this.props.children({ ticks: this.state.ticks, start: this.start, stop: this.stopTimer });
  }
}
