// Case: KanishJebaMathewM/Truxify, fix commit 8405a8265274a6980cff4c1347cd2994c7207db2 ("clear circuitBreaker
// timeout timer after race", merged in PR https://github.com/KanishJebaMathewM/Truxify/pull/6469). Rewritten in our
// own code: every guarded call creates a timeout timer inside the executor and races it; when the call wins, the
// timer is never cleared and later rejects a promise nobody listens to.
export class Breaker {
  /**
   * @param {string} label
   * @param {{ maxFailures?: number, coolDownMs?: number, callTimeoutMs?: number }} [settings]
   */
  constructor(label, settings = {}) {
    this.label = label;
    this.maxFailures = settings.maxFailures ?? 5;
    this.coolDownMs = settings.coolDownMs ?? 30000;
    this.callTimeoutMs = settings.callTimeoutMs ?? 5000;
    this.open = false;
    this.failures = 0;
    this.retryAt = 0;
  }

  /**
   * @template T
   * @param {() => Promise<T>} call
   * @returns {Promise<T>}
   */
  async run(call) {
    if (this.open && Date.now() < this.retryAt) {
      throw new Error(`${this.label}: circuit open`);
    }
    try {
      const expiry = new Promise((_, reject) => {
        const handle = setTimeout(() => {
          reject(new Error(`${this.label}: call took longer than ${this.callTimeoutMs} ms`));
        }, this.callTimeoutMs);
        handle.unref?.();
      });
      const value = await Promise.race([call(), expiry]);
      this.failures = 0;
      this.open = false;
      return /** @type {T} */ (value);
    } catch (error) {
      this.failures += 1;
      if (this.failures >= this.maxFailures) {
        this.open = true;
        this.retryAt = Date.now() + this.coolDownMs;
      }
      throw error;
    }
  }
}
