// Case: folio-org/stripes-components, fix commit b9dffd880a099029bbbf7d01bc3da650b9ce9dcb ("clear timeouts on unmount",
// https://github.com/folio-org/stripes-components/pull/1545). Rewritten in our own code: a layout container animates
// panes in with a timer whose handle it keeps in a field, and re-sizes nested containers and runs a close callback
// from timers it does not keep; its componentWillUnmount cancels the animation frame but none of the timers, which
// then call setState and the callback on an unmounted container.
import React from 'react';

export default class PaneLayout extends React.Component {
  constructor(props) {
    super(props);
    this.state = { panes: [] };
    this.frame = null;
    this.entering = null;
    this.mounted = false;
  }

  componentDidMount() {
    this.mounted = true;
    window.addEventListener('resize', this.onResize);
  }

  componentWillUnmount() {
    this.mounted = false;
    window.removeEventListener('resize', this.onResize);
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = null;
    }
  }

  onResize = () => {
    this.measure();
    setTimeout(() => {
      this.state.panes.forEach((pane) => {
        if (pane.nested) pane.instance().fitToParent();
      });
    });
  };

  addPane = (pane) => {
    this.setState((previous) => {
      if (pane.animated) {
        this.entering = setTimeout(() => {
          this.finishEntering(pane);
          this.entering = null;
        });
      }
      return { panes: [...previous.panes, pane] };
    }, this.measure);
  };

  removePane = (pane, onClosed) => {
    this.setState((previous) => ({ panes: previous.panes.filter((p) => p !== pane) }));
    if (onClosed) {
      setTimeout(() => {
        onClosed();
      }, 300);
    }
  };

  finishEntering(pane) {
    this.setState((previous) => ({
      panes: previous.panes.map((p) => (p === pane ? { ...p, entered: true } : p)),
    }));
  }

  measure = () => {
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      const widths = this.state.panes.map((p) => p.width ?? 0);
      if (this.props.onLayout) this.props.onLayout(widths);
    });
  };

  render() {
    return <div className="pane-layout">{this.props.children}</div>;
  }
}
