// Case: livekit/client-sdk-js, fix commit 6c4627a66336b29d6e86796d298c2ef914d02e43 ("Properly clean up event
// listeners in getNewAudioContext()", PR https://github.com/livekit/client-sdk-js/pull/1660). Fixed: the listener is
// removed in `finally` after a click, and also when the context closes before any click.
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
      } finally {
        window.document.body?.removeEventListener('click', resumeOnClick);
      }
    };

    context.addEventListener('statechange', () => {
      if (context.state === 'closed') {
        window.document.body?.removeEventListener('click', resumeOnClick);
      }
    });

    window.document.body.addEventListener('click', resumeOnClick);
  }
  return context;
}
