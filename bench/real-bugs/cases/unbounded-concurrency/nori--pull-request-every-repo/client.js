// The GitHub client the commands share (one per token).
let client;
module.exports = function github(token) {
  if (!client) {
    const call = async (method, route, body) => {
      const response = await fetch(`https://api.github.com${route}`, {
        method,
        headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${route}: ${response.status}`);
      return response.json();
    };
    client = {
      openPulls: (owner, repo, head) => call('GET', `/repos/${owner}/${repo}/pulls?head=${owner}:${head}`),
      createPull: (owner, repo, pull) => call('POST', `/repos/${owner}/${repo}/pulls`, pull),
    };
  }
  return client;
};
