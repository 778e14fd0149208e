// Case: clappr/dash-shaka-playback, fix commit 557f853bce43aa9d93688018780a398d35f0602f ("keep only one timer for
// timeUpdate", PR https://github.com/clappr/dash-shaka-playback/pull/65). Rewritten in our own code: every play()
// starts a progress interval and stores it in the same field; playing twice without a stop overwrites the handle, so
// stop() and destroy() clear only the last interval and the earlier ones poll the player forever.
import { EventEmitter } from 'node:events';

export class StreamPlayback extends EventEmitter {
  constructor(video) {
    super();
    this.video = video;
    this.progressTimer = undefined;
    this.stopped = true;
  }

  play() {
    this.stopped = false;
    this.video.play();
    this.startProgressTimer();
  }

  pause() {
    this.video.pause();
  }

  stop() {
    this.stopProgressTimer();
    this.stopped = true;
    this.video.pause();
  }

  destroy() {
    this.stopProgressTimer();
    this.removeAllListeners();
  }

  startProgressTimer() {
    this.stopProgressTimer();
    this.progressTimer = setInterval(() => {
      this.emit('progress', { current: this.video.currentTime, total: this.video.duration });
    }, 100);
  }

  stopProgressTimer() {
    if (this.progressTimer) clearInterval(this.progressTimer);
    this.progressTimer = undefined;
  }
}
