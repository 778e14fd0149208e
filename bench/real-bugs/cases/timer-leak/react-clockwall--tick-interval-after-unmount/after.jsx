// Case: amine7536/react-clockwall, fix commit fa4042751d9e2d601f839b03ef2833ef77abc2df ("clearInterval on
// componentWillUnmout", issue https://github.com/amine7536/react-clockwall/issues/1). Rewritten in our own code: a
// class component starts a one-second tick in componentDidMount and drops the handle; the component has no
// componentWillUnmount, so after it leaves the page the interval keeps calling setState on an unmounted component.
import React, { Component } from 'react';

function formatTime(zone, locale) {
  return new Date().toLocaleTimeString(locale, { timeZone: zone });
}

export class WallClock extends Component {
  constructor(props) {
    super(props);
    this.state = { now: formatTime(props.zone, props.locale ?? 'en') };
  }

  componentDidMount() {
    this.tick = setInterval(() => {
      this.setState({ now: formatTime(this.props.zone, this.props.locale ?? 'en') });
    }, 1000);
  }

  componentWillUnmount() {
    clearInterval(this.tick);
  }

  render() {
    return (
      <div className="clock">
        <span className="town">{this.props.town}</span>
        <time>{this.state.now}</time>
      </div>
    );
  }
}
