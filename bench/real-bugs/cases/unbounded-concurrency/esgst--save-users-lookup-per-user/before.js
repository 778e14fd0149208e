// Case: rafaelgomesxyz/esgst, fix commit 4969e496302964bce4c6b321f2fa4028b0d6e2ae ("Fix bug that sends simultaneous
// requests when saving multiple user data (close #1525)"), source https://github.com/rafaelgomesxyz/esgst/issues/1525.
// Rewritten in our own code: a browser extension syncs a whitelist/blacklist by saving every listed user. Saving a user
// it does not know yet looks the user up on the site (a profile page request). saveUsers starts one save per user in a
// for loop, collects the promises and awaits them together, so a list of hundreds of users fires hundreds of page
// requests at once and the site answers 502.
export class UserStore {
  constructor(storage) {
    this.storage = storage;
  }

  readUsers() {
    return JSON.parse(this.storage.getItem('users') || '{"users":{},"ids":{}}');
  }

  async lookUpProfile(list, user) {
    const response = await fetch(`https://giveaways.example.com/user/${encodeURIComponent(user.name)}`);
    const page = await response.text();
    const match = /data-account-id="(\d+)"/.exec(page);
    if (match) {
      user.accountId = match[1];
      list.added.push(user);
    }
  }

  async saveUser(list, saved, user) {
    const known = saved.users[user.accountId] || saved.ids[user.name];
    if (known) {
      list.known.push(user);
    } else if (user.accountId && user.name) {
      list.added.push(user);
    } else {
      await this.lookUpProfile(list, user);
    }
  }

  async saveUsers(users) {
    let list, promises, saved;
    list = {
      known: [],
      added: [],
    };
    promises = [];
    saved = this.readUsers();
    for (let i = 0, n = users.length; i < n; i++) {
      promises.push(this.saveUser(list, saved, users[i]));
    }
    await Promise.all(promises);
    saved = this.readUsers();
    for (const user of list.added) {
      saved.users[user.accountId] = Object.assign({}, saved.users[user.accountId], user.values, { name: user.name });
      saved.ids[user.name] = user.accountId;
    }
    this.storage.setItem('users', JSON.stringify(saved));
    return list;
  }
}
