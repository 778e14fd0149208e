// Case: reach/reach-ui, fix commit 8b7f134bd7d092bf3b1c4d127cd81d2c79596269 ("Fix memory leak with event handler in
// WindowSize component", PR https://github.com/reach/reach-ui/pull/17). Rewritten in our own code: a render-prop
// component adds a window 'resize' listener when it mounts and stores a function to take it off when it unmounts;
// that function calls addEventListener again instead of removeEventListener, so the listener is never removed.
import React from 'react';
import Lifecycle from '@reach/component-component';

const hasWindow = typeof window !== 'undefined';

const onMount = ({ refs, setState }) => {
  const onResize = () =>
    setState({
      width: window.innerWidth,
      height: window.innerHeight,
    });
  window.addEventListener('resize', onResize);
  refs.stopListening = () => {
    window.removeEventListener('resize', onResize);
  };
};

const onUnmount = ({ refs }) => {
  refs.stopListening();
};

const WindowSize = ({ children }) => (
  <Lifecycle
    refs={{ stopListening: null }}
    initialState={{
      width: hasWindow && window.innerWidth,
      height: hasWindow && window.innerHeight,
    }}
    didMount={onMount}
    willUnmount={onUnmount}
    render={({ state }) => children(state)}
  />
);

export default WindowSize;
