// Case: hypothesis/client, fix commit dbcb58813fb188027c8ac14a103984b8dfa36f6e ("Cache access token request
// promises"; https://github.com/hypothesis/client/pull/220).
// The fixed code, rewritten in our own code: the promise of the exchange is stored at once, so every later caller
// shares the one request in flight.
'use strict';

var endpoint = require('./endpoint');

function sessionAuth(http, options) {
  var accessPromise;
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
    if (!accessPromise) {
      var grant = options.accounts && options.accounts.length > 0 ? options.accounts[0].grant : undefined;
      if (grant) {
        accessPromise = swapGrant(grant).then(function (answer) {
          return answer.access_token;
        });
      } else {
        accessPromise = Promise.resolve(null);
      }
    }
    return accessPromise;
  }

  return {
    accessToken: accessToken,
  };
}

module.exports = sessionAuth;
