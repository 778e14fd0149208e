// Case: bokuweb/re-resizable, fix commit 0b7675a21706cbb8bef86220e0d372897c1aa3bc ("fix remove event listener",
// PR https://github.com/bokuweb/re-resizable/pull/114). Rewritten in our own code: a resizable panel listens on
// `window` for pointer moves and releases while it lives, and removes them when it unmounts; the 'touchmove' removal
// names a method the class never defines (`this.onTouchMove`, undefined), so it removes nothing and every unmounted
// panel stays reachable from `window` through its bound `onPointerMove`.
import { Component } from 'react';

export default class ResizablePanel extends Component {
  constructor(props) {
    super(props);
    this.state = { resizing: false, width: props.width ?? 200, startX: 0, startWidth: 0 };
    this.onPointerMove = this.onPointerMove.bind(this);
    this.onPointerUp = this.onPointerUp.bind(this);
    this.onGrab = this.onGrab.bind(this);
    if (typeof window !== 'undefined') {
      window.addEventListener('mouseup', this.onPointerUp);
      window.addEventListener('mousemove', this.onPointerMove);
      window.addEventListener('touchmove', this.onPointerMove);
      window.addEventListener('touchend', this.onPointerUp);
    }
  }

  componentWillUnmount() {
    if (typeof window !== 'undefined') {
      window.removeEventListener('mouseup', this.onPointerUp);
      window.removeEventListener('mousemove', this.onPointerMove);
      window.removeEventListener('touchmove', this.onPointerMove);
      window.removeEventListener('touchend', this.onPointerUp);
    }
  }

  onGrab(event) {
    const x = 'touches' in event ? event.touches[0].clientX : event.clientX;
    this.setState({ resizing: true, startX: x, startWidth: this.state.width });
  }

  onPointerMove(event) {
    if (!this.state.resizing) return;
    const x = event instanceof MouseEvent ? event.clientX : event.touches[0].clientX;
    const width = Math.max(this.props.minWidth ?? 40, this.state.startWidth + (x - this.state.startX));
    this.setState({ width });
    this.props.onResize?.(width);
  }

  onPointerUp() {
    if (this.state.resizing) this.setState({ resizing: false });
  }

  render() {
    return (
      <div style={{ width: this.state.width, position: 'relative' }}>
        {this.props.children}
        <span className="handle" onMouseDown={this.onGrab} onTouchStart={this.onGrab} />
      </div>
    );
  }
}
