// Case: sethwebster/ember-cli-new-version, fix commit 4fc1a4c608f4023d175fc8f9b7205e772ca11014 ("clear setTimeout
// when component is destroyed", pull request #16). Rewritten in our own code: a notifier component polls the
// deployed version file, and each response schedules the next poll with setTimeout, stored on the component. Nothing
// clears the pending timer when the component is destroyed, so a destroyed notifier keeps polling (and keeps itself
// alive) forever, and every re-render adds another polling loop.
import Ember from 'ember';

export default Ember.Component.extend({
  pollEvery: 60000,
  tagName: 'div',
  versionPath: '/RELEASE.txt',
  noticeTemplate: 'A new release ({{newVersion}}) replaced {{oldVersion}}. Save your work and reload the page.',

  init() {
    this._super(...arguments);
    this.poll();
  },

  poll() {
    var self = this;
    var first = setTimeout(function () {
      var pending = self.get('_pollTimer');
      if (pending) {
        clearTimeout(pending);
      }

      Ember.$.ajax(self.get('versionPath'), { cache: false }).then(function (body) {
        var current = self.get('version');
        var latest = body && body.trim();

        if (current && self.isNewer(latest, current)) {
          self.setProperties({
            notice: self.get('noticeTemplate').replace('{{oldVersion}}', current).replace('{{newVersion}}', latest),
            previousVersion: current,
          });
        }

        self.set('version', latest);
        self.set('_pollTimer', setTimeout(function () {
          self.poll();
        }, self.get('pollEvery')));
      });
    }, 10);
    self.set('_pollTimer', first);
  },

  isNewer(candidate, current) {
    var a = candidate.split('.');
    var b = current.split('.');
    for (var i = 0; i < Math.min(a.length, b.length); i++) {
      if (parseInt(a[i], 10) !== parseInt(b[i], 10)) {
        return parseInt(a[i], 10) > parseInt(b[i], 10);
      }
    }
    return a.length > b.length;
  },

  actions: {
    reload() {
      location.reload();
    },

    dismiss() {
      this.set('notice', undefined);
    },
  },
});
