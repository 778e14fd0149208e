// Case: folio-org/stripes-components, fix commit b9dffd880a099029bbbf7d01bc3da650b9ce9dcb ("clear timeouts on unmount",
// https://github.com/folio-org/stripes-components/pull/1545). Rewritten in our own code: the fix keeps every timer's
// handle in a field and clears each one in componentWillUnmount.
import React from 'react';

export default class PaneLayout extends React.Component {
  constructor(props) {
    super(props);
    this.state = { panes: [] };
    this.frame = null;
    this.entering = null;
    this.nestedResize = null;
    this.closing = null;
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
    if (this.nestedResize) {
      clearTimeout(this.nestedResize);
      this.nestedResize = null;
    }
    if (this.closing) {
      clearTimeout(this.closing);
      this.closing = null;
    }
    if (this.entering) {
      clearTimeout(this.entering);
      this.entering = null;
    }
  }

  onResize = () => {
    this.measure();
    this.nestedResize = setTimeout(() => {
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
      this.closing = setTimeout(() => {
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
