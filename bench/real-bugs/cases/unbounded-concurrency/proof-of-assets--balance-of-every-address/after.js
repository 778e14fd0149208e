// Case: olalonde/proof-of-assets, fix commit 770dae32761760ab3d5c2a41a378a90f0b79319a ("limit parallel calls to
// blockchain.info using async.eachLimit"). Rewritten in our own code: the total balance of a proof's addresses is
// summed by asking a public block explorer about each address; the fix keeps five requests in flight.
var async = require('async');
var https = require('https');

var REQUESTS_AT_ONCE = 5;

function uniqueAddresses(proof) {
  var seen = new Set();
  var addresses = [];
  proof.signatures.forEach(function (entry) {
    if (seen.has(entry.address)) return;
    seen.add(entry.address);
    addresses.push(entry.address);
  });
  return addresses;
}

function totalBalance(addresses, done) {
  var satoshis = 0;
  async.eachLimit(
    addresses,
    REQUESTS_AT_ONCE,
    function (address, next) {
      https
        .get({ host: 'explorer.example.org', path: '/address/' + address + '?format=json' }, function (res) {
          var body = '';
          res.on('data', function (chunk) {
            body += chunk;
          });
          res.on('end', function () {
            satoshis += JSON.parse(body).final_balance;
            next();
          });
        })
        .on('error', next);
    },
    function (err) {
      done(err, satoshis / 1e8);
    },
  );
}

module.exports.uniqueAddresses = uniqueAddresses;
module.exports.totalBalance = totalBalance;
