// Case: tj/node-ratelimiter, fix commit ab76167738139e3e54c8e41412873c0b1cb1ebe7 ("Fixes #6: In concurrent
// environment, the race condition occurs.", pull request #7). Rewritten in our own code: the limiter reads the
// remaining count from Redis, then writes back count - 1 in a second round trip. Two requests for the same id read
// the same count and both write the same decremented value, so the limit lets through more requests than allowed.
var assert = require('assert');

module.exports = Quota;

function Quota(opts) {
  this.id = opts.id;
  this.redis = opts.redis;
  assert(this.id, '.id required');
  assert(this.redis, '.redis required');
  this.max = opts.max || 1000;
  this.windowMs = opts.windowMs || 3600000;
  this.keyPrefix = 'quota:' + this.id + ':';
}

Quota.prototype.take = function (cb) {
  var remainingKey = this.keyPrefix + 'remaining';
  var totalKey = this.keyPrefix + 'total';
  var resetKey = this.keyPrefix + 'reset';
  var windowMs = this.windowMs;
  var seconds = this.windowMs / 1000 | 0;
  var max = this.max;
  var redis = this.redis;

  function start() {
    var resetAt = (Date.now() + windowMs) / 1000 | 0;

    redis.multi()
      .setnx(remainingKey, max - 1)
      .setnx(resetKey, resetAt)
      .setnx(totalKey, max)
      .exec(function (err, replies) {
        if (err) return cb(err);
        if (!replies[0]) return read();
        redis.multi()
          .expire(remainingKey, seconds)
          .expire(totalKey, seconds)
          .expire(resetKey, seconds)
          .exec(function (err) {
            if (err) return cb(err);
            cb(null, { total: max, remaining: max - 1, reset: resetAt });
          });
      });
  }

  function consume(values) {
    var left = ~~values[0];
    var total = ~~values[1];
    var resetAt = ~~values[2];
    var ttlMs = ~~values[3];

    function finish() {
      cb(null, { total: total, remaining: left < 0 ? 0 : left, reset: resetAt });
    }

    if (left <= 0) return finish();

    redis.multi()
      .set(remainingKey, left - 1, 'XX')
      .pexpire(remainingKey, ttlMs)
      .exec(function (err, replies) {
        if (err) return cb(err);
        if (!replies[0]) return start();
        left = left - 1;
        finish();
      });
  }

  function read() {
    redis.multi()
      .get(remainingKey)
      .get(totalKey)
      .get(resetKey)
      .pttl(remainingKey)
      .exec(function (err, values) {
        if (err) return cb(err);
        if (!values[0] && values[0] !== 0) return start();
        consume(values);
      });
  }

  read();
};
