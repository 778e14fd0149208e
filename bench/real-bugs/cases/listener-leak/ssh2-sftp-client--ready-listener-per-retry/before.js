// Case: theophilusx/ssh2-sftp-client, fix commit 9e149708df18bc4b821372a759c86f2c647c92d3 ("Remove ready handler on
// error in connect", PR https://github.com/theophilusx/ssh2-sftp-client/pull/218). Rewritten in our own code: every
// connection attempt of a retry loop adds a 'ready' listener to the one long-lived ssh client; a failed attempt
// removes its 'error' listener but leaves its 'ready' listener, so after N failures the next success runs N+1 ready
// handlers (N+1 sftp sessions, N+1 resolves).
'use strict';
const { Client } = require('ssh2');
const retry = require('retry');

class SftpSession {
  constructor() {
    this.client = new Client();
    this.sftp = undefined;
  }

  /** @param {{ host: string, retries?: number }} config */
  connect(config) {
    const operation = retry.operation({ retries: config.retries || 1, factor: 2, minTimeout: 1000 });
    return new Promise((resolve, reject) => {
      if (this.sftp) {
        reject(new Error('connect: a session is already open'));
        return;
      }
      operation.attempt((attempt) => {
        const onConnectError = (err) => {
          this.client.removeListener('error', onConnectError);
          if (operation.retry(err)) return;
          reject(new Error(`connect: attempt ${attempt} failed: ${err.message}`));
        };
        this.client
          .on('ready', () => {
            this.client.sftp((err, sftp) => {
              this.client.removeListener('error', onConnectError);
              if (err) {
                if (operation.retry(err)) return;
                reject(err);
                return;
              }
              this.sftp = sftp;
              resolve(sftp);
            });
          })
          .on('error', onConnectError)
          .connect(config);
      });
    });
  }
}

module.exports = SftpSession;
