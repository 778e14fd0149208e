// Case: kitze/react-long, fix commit 3c49cbfaf9fd0535c0fa4392c4cb83886fcb72e4 ("Clear timeout on unmount",
// https://github.com/kitze/react-long/pull/1). Rewritten in our own code: the fix clears the hold timer when the
// component unmounts (and moves the tap callback out of the clearing method).
import React, { Component } from 'react';

class HoldToConfirm extends Component {
  static defaultProps = { delay: 600 };

  released = false;
  dragged = false;

  componentWillUnmount() {
    this.cancelHold();
  }

  startHold = () => {
    this.holdTimer = setTimeout(this.onHeld, this.props.delay);
  };

  onHeld = () => {
    this.released = true;
    if (this.props.onHold && !this.dragged) this.props.onHold();
  };

  cancelHold = () => {
    clearTimeout(this.holdTimer);
  };

  onEnd = () => {
    this.cancelHold();
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
      onTouchEnd: this.onEnd,
      onTouchMove: this.onDrag,
      onContextMenu: (event) => event.preventDefault(),
    });
  }
}

export default HoldToConfirm;
