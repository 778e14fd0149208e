// Case: Hylozoic/hylo-node, fix commit 4c1029d73997efc9de19aeb30180ee8ea1be746e ("add concurrency paramater to weekly
// Digest and Prompts"). Rewritten in our own code: the weekly job loads every community that wants email prompts and
// sends the communities' prompts one community at a time ({ concurrency: 1 }).
var Promise = require('bluebird');
var db = require('../db');
var jobs = require('../jobs');

var Prompts = {};

Prompts.queueForMember = function (member, community) {
  if (!member.settings.prompts_by_email) return Promise.resolve();
  return jobs.enqueue('Email', 'sendPrompt', {
    email: member.email,
    community: community.name,
    unsubscribe: '/unsubscribe/' + member.id,
  });
};

Prompts.sendToCommunity = function (communityId) {
  return db.communities.findById(communityId, { withMembers: true }).then(function (community) {
    return jobs.enqueue('Prompts', 'sendBatch', { communityId: community.id, members: community.memberIds });
  });
};

Prompts.sendWeekly = function () {
  return db.communities
    .query("settings->>'prompts_by_email' = 'true'")
    .fetchAll()
    .then((communities) =>
      Promise.map(communities.models, (community) => Prompts.sendToCommunity(community.id), { concurrency: 1 }),
    );
};

module.exports = Prompts;
