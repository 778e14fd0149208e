// Case: kitze/react-long, fix commit 3c49cbfaf9fd0535c0fa4392c4cb83886fcb72e4 ("Clear timeout on unmount",
// https://github.com/kitze/react-long/pull/1). Rewritten in our own code: a long-press wrapper arms a timer on touch
// start and clears it on touch end; when the component unmounts while a finger is down, the timer still fires and
// calls the long-press handler of a component that is gone.
import React, { Component } from 'react';

class HoldToConfirm extends Component {
  static defaultProps = { delay: 600 };

  released = false;
  dragged = false;

  startHold = () => {
    this.holdTimer = setTimeout(this.onHeld, this.props.delay);
  };

  onHeld = () => {
    this.released = true;
    if (this.props.onHold && !this.dragged) this.props.onHold();
  };

  stopHold = () => {
    clearTimeout(this.holdTimer);
    if (this.props.onTap && !this.released && !this.dragged) this.props.onTap();
  };

  onStart = () => {
    this.released = false;
    this.dragged = false;
    this.startHold();
  };

  onDrag = () => {
    this.dragged = true;
  };

  render() {
    const { children, disabled } = this.props;
    if (disabled) return children;
    return React.cloneElement(children, {
      onTouchStart: this.onStart,
      onTouchEnd: this.stopHold,
      onTouchMove: this.onDrag,
      onContextMenu: (event) => event.preventDefault(),
    });
  }
}

export default HoldToConfirm;
