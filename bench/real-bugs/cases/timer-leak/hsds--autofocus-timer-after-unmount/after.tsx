// Case: helpscout/hsds-react, fix commit 3d6b346b421617de309cd74b33d10d6d5b8efc33 ("Fix missing clear timeout",
// PR https://github.com/helpscout/hsds-react/pull/731). Rewritten in our own code: the fix keeps the auto-focus timer in
// a field and clears it on unmount, with the typing timer.
import React from 'react';

interface FieldProps {
  autoFocus?: boolean;
  focusDelayMs: number;
  typingDelayMs: number;
  onTypingEnd?: () => void;
}

interface FieldState {
  focused: boolean;
  typingTimer?: ReturnType<typeof setTimeout>;
}

export class Field extends React.PureComponent<FieldProps, FieldState> {
  state: FieldState = { focused: false };
  inputNode: HTMLInputElement | null = null;
  focusTimer: ReturnType<typeof setTimeout> | undefined;

  componentDidMount(): void {
    if (this.props.autoFocus) this.forceFocus();
  }

  componentWillUnmount(): void {
    this.inputNode = null;
    if (this.focusTimer) clearTimeout(this.focusTimer);
    this.clearTypingTimer();
  }

  forceFocus(): void {
    this.focusTimer = setTimeout(() => {
      if (this.inputNode) this.inputNode.focus();
      this.setState({ focused: true });
    }, this.props.focusDelayMs);
  }

  handleChange = (): void => {
    this.clearTypingTimer();
    this.setState({
      typingTimer: setTimeout(() => {
        this.props.onTypingEnd?.();
        this.setState({ typingTimer: undefined });
      }, this.props.typingDelayMs),
    });
  };

  clearTypingTimer(): void {
    if (this.state.typingTimer) clearTimeout(this.state.typingTimer);
  }

  render(): React.ReactNode {
    return <input ref={(node) => (this.inputNode = node)} onChange={this.handleChange} />;
  }
}
