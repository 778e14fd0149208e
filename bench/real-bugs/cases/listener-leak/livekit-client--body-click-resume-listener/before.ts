// Case: livekit/client-sdk-js, fix commit 6c4627a66336b29d6e86796d298c2ef914d02e43 ("Properly clean up event
// listeners in getNewAudioContext()", PR https://github.com/livekit/client-sdk-js/pull/1660). Rewritten in our own
// code: a suspended audio context is resumed on the user's next click through a listener on document.body; the
// listener is removed only after a click, so contexts that are closed first leave their listener (and themselves)
// attached to the page for good.
export function createPlaybackContext(): AudioContext | undefined {
  if (typeof window === 'undefined' || !window.AudioContext) return undefined;
  const context = new AudioContext({ latencyHint: 'interactive' });
  if (context.state === 'suspended' && window.document?.body) {
    const resumeOnClick = async () => {
      try {
        if (context.state === 'suspended') {
          await context.resume();
        }
      } catch (error) {
        console.warn('could not resume the audio context', error);
      }

      window.document.body?.removeEventListener('click', resumeOnClick);
    };
    window.document.body.addEventListener('click', resumeOnClick);
  }
  return context;
}
