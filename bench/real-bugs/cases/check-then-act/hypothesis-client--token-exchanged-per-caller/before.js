// Case: hypothesis/client, fix commit dbcb58813fb188027c8ac14a103984b8dfa36f6e ("Cache access token request
// promises"; https://github.com/hypothesis/client/pull/220).
// The code just before the fix, rewritten in our own code: a service factory keeps the exchanged access token in a
// closure variable, but fills it only when the exchange request answers, so every caller that asks before the first
// answer sends its own exchange of the same one-time grant.
'use strict';

var endpoint = require('./endpoint');

function sessionAuth(http, options) {
  var storedAccess;
  var exchangeUrl = endpoint.join(options.serviceUrl, 'oauth/token');

  function swapGrant(grant) {
    var body = 'grant_type=jwt-bearer&assertion=' + encodeURIComponent(grant);
    return http.post(exchangeUrl, body, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
      .then(function (reply) {
        if (reply.status !== 200) {
          throw new Error('access token exchange failed');
        }
        return reply.data;
      });
  }

  function accessToken() {
    if (storedAccess) {
      return Promise.resolve(storedAccess.value);
    }
    var grant = options.accounts && options.accounts.length > 0 ? options.accounts[0].grant : undefined;
    if (!grant) {
      return Promise.resolve(null);
    }
    return swapGrant(grant).then(function (answer) {
      storedAccess = { value: answer.access_token };
      return storedAccess.value;
    });
  }

  return {
    accessToken: accessToken,
  };
}

module.exports = sessionAuth;
