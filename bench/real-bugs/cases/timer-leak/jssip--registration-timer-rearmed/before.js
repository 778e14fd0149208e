// Case: versatica/JsSIP, fix commit 1740e5ecad6b86ddc0b78c5456e3e7aa890f6500 ("Fix #117. Clear registration timer
// before re-setting it", issue https://github.com/versatica/JsSIP/issues/117). Rewritten in our own code: every
// successful REGISTER response arms a refresh timer in the same field without clearing the one already pending, so
// a manual register() while a refresh is scheduled leaves two refresh timers, and unregister() clears only the last.
function Registrar(agent) {
  this.agent = agent;
  this.expires = agent.config.registerExpires;
  this.sequence = 80;
  this.refreshTimer = null;
  this.registered = false;
}

Registrar.prototype = {
  register: function () {
    var self = this;
    var request = this.agent.createRequest('REGISTER', { cseq: (this.sequence += 1), expires: this.expires });

    request.onResponse = function (response) {
      var expires;
      if (response.cseq !== self.sequence) return;

      if (response.status >= 100 && response.status < 200) {
        return;
      }
      if (response.status >= 200 && response.status < 300) {
        expires = response.expires || self.expires;
        self.refreshTimer = window.setTimeout(function () {
          self.register();
        }, expires * 1000 - 3000);
        self.registered = true;
        self.agent.emit('registered', response);
        return;
      }
      if (response.status === 423 && response.minExpires) {
        self.expires = response.minExpires;
        self.refreshTimer = window.setTimeout(function () {
          self.register();
        }, self.expires * 1000);
        return;
      }
      self.registered = false;
      self.agent.emit('registrationFailed', response);
    };

    request.send();
  },

  unregister: function () {
    if (!this.registered) return;
    this.registered = false;
    window.clearTimeout(this.refreshTimer);
    this.agent.createRequest('REGISTER', { cseq: (this.sequence += 1), expires: 0 }).send();
  },
};

module.exports = Registrar;
