// Case: Hylozoic/hylo-node, fix commit 4c1029d73997efc9de19aeb30180ee8ea1be746e ("add concurrency paramater to weekly
// Digest and Prompts"). Rewritten in our own code: the weekly digest finds the communities that changed this week,
// loads them, and for each one fetches a week of activity and queues the digest emails, one community at a time.
var Promise = require('bluebird');
var moment = require('moment-timezone');
var changes = require('./changes');
var db = require('../db');
var mailer = require('../mailer');

function Digest(community, since, until, period) {
  this.community = community;
  this.since = since;
  this.until = until;
  this.period = period;
}

Digest.prototype.fetchData = function () {
  var self = this;
  return db.posts
    .query({ communityId: self.community.id, from: self.since.toDate(), to: self.until.toDate() })
    .fetchAll()
    .then(function (posts) {
      self.posts = posts.models;
      return self;
    });
};

Digest.prototype.queueEmails = function () {
  var self = this;
  return mailer.queueDigest({ community: self.community.id, period: self.period, posts: self.posts.length });
};

Digest.sendWeekly = function () {
  var until = moment.tz('America/Los_Angeles').startOf('day').add(12, 'hours');
  var since = until.clone().subtract(7, 'day');

  return changes
    .changedCommunities(since, until)
    .then(function (communityIds) {
      return db.communities
        .query(function (qb) {
          qb.whereIn('id', communityIds);
          qb.where('weekly_digest', true);
        })
        .fetchAll();
    })
    .then(function (communities) {
      return Promise.map(communities.models, function (community) {
        var digest = new Digest(community, since, until, 'weekly');
        return digest.fetchData().then(digest.queueEmails.bind(digest));
      }, { concurrency: 1 });
    });
};

module.exports = Digest;
