// Case: aragon/client, fix commit b747a12eab60e050ea9d2e59d8be3a02e311e67b ("Home: clear timeout when unmounting",
// PR https://github.com/aragon/client/pull/329). Rewritten in our own code: a class component delays showing its app
// cards with a timer kept in a field; it clears the field before arming a new one, but never on unmount, so a pending
// timer calls setState on an unmounted component.
import React from 'react';

export default class Dashboard extends React.Component {
  state = { showCards: false };

  constructor(props) {
    super(props);
    this.state.showCards = !props.loading;
  }

  componentWillReceiveProps({ loading }) {
    if (loading === this.props.loading) return;
    clearTimeout(this.showCardsTimer);
    this.showCardsTimer = setTimeout(
      () => {
        this.setState({ showCards: !loading });
      },
      loading ? 0 : 1000,
    );
  }

  render() {
    return this.state.showCards ? React.createElement('section', null, this.props.children) : null;
  }
}
