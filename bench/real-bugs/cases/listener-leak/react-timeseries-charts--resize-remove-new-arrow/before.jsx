// Case: esnet/react-timeseries-charts, fix commit 086ee6d396274ed99cd4fd28aa99c17a290b7c52 ("Using anonymous
// functions prevented proper unsubscription ... which was a memory leak", PR
// https://github.com/esnet/react-timeseries-charts/pull/283). Rewritten in our own code: a container that measures
// its width adds a window 'resize' listener when it mounts and, when it unmounts, "removes" a second arrow function
// that was never added; the first stays on window with the unmounted component.
import React from 'react';

export default class MeasuredWidth extends React.Component {
  constructor(props) {
    super(props);
    this.state = { width: 0 };
    this.container = null;
  }

  componentDidMount() {
    window.addEventListener('resize', () => this.measure());
    this.measure();
  }

  componentWillUnmount() {
    window.removeEventListener('resize', () => this.measure());
  }

  measure() {
    if (this.container) {
      this.setState({ width: this.container.offsetWidth });
    }
  }

  render() {
    const child = React.Children.only(this.props.children);
    return (
      <div
        ref={(element) => {
          this.container = element;
        }}
      >
        {this.state.width ? React.cloneElement(child, { width: this.state.width }) : null}
      </div>
    );
  }
}
