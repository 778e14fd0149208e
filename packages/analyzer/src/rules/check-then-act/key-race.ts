/**
 * `check-then-act`, first detector: a read of a key (`findUnique`, `get`, `exists` …), an `await`, then a write of the
 * same key (`create`, `set`, `update` …) decided by what was read, with nothing that serialises the section.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  normalizedText,
  referenceText,
  skipOuter,
  skipOuterUp,
} from '../../analysis/syntax/expressions.js';
import {
  type CallEffect,
  type EffectClassifier,
  effectsAtCall,
} from '../../analysis/project/function-summaries.js';
import { type FunctionLike, isAsyncFunction, isFunctionLike } from '../../analysis/syntax/functions.js';
import { isValueReference } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachInFunction, isWithin } from '../../analysis/syntax/walk.js';

/**
 * Reads that check whether a key exists or fetch its current value: `findUnique`, `get`, `exists`, and the existence
 * checks of a named resource (`hasTable(name)`, `hasColumn`, `bucketExists`).
 */
const readName = /^(find(?!\w*And)\w*|get|exists\w*|\w+Exists|count|countDocuments|has(?:[A-Z]\w*)?)$/;
/**
 * Writes that create or change the value of a key. `upsert` and the idempotent creations (`createTableIfNotExists`,
 * `insertOrIgnore`, `createIfAbsent`) are atomic and excluded.
 */
const writeName =
  /^(?!\w*(?:IfNotExists|IfAbsent|OrIgnore|OrUpdate))(create\w*|insert\w*|save|set|update\w*|find\w*AndUpdate|replace\w*)$/;
/** Reads that answer whether something exists. */
const existence = /^(?:exists\w*|\w+Exists|has[A-Z]\w*)$/;
/** In-memory style reads: their check-then-act is only a bug when the write uses the value read. */
const valueReads = new Set(['get', 'has']);
/** Writes whose name says they make a new record (`create`, `insertOne`, `save`): the verbs of a duplicate. */
const creationName = /^(create|insert|save)/;

/** Argument names that are not keys. */
const notKeys = new Set([
  'options',
  'opts',
  'session',
  'ctx',
  'context',
  'tx',
  'trx',
  'config',
  'undefined',
  'this',
]);

interface Read {
  readonly call: ts.CallExpression | ts.TaggedTemplateExpression;
  /** The `await` that gives the answer, or the call itself for a synchronous helper of the program. */
  readonly awaited: ts.Expression;
  /** What the read does: the method (`findOne`, `get`) or `select`; through a helper, what its body does. */
  readonly name: string;
  readonly receiver: string;
  /**
   * Every text of the store it reads, when a function of the program makes the read: the store its body reads (the
   * receiver put for `this`: `accounts.users`) and the receiver of the call.
   */
  readonly stores?: ReadonlySet<string>;
  /** The name the call is made by, for the message (`findByEmail`), when it differs from `name`. */
  readonly label?: string;
  /** A synchronous helper of the program (`store.anyAccount()`): a race only with an `await` before the write. */
  readonly synchronous?: true;
  readonly keys: ReadonlySet<string>;
  /** Variables holding the read's result. */
  readonly results: ReadonlySet<string>;
  /**
   * A call whose name says nothing of what it does (`store.load(key)`, `repo.byEmail(email)`), taken as a read
   * because the same store is then written at the same key under a check of its result: it counts only for the
   * create that check decides.
   */
  readonly loose?: true;
}

export interface KeyRace {
  readonly read: Read;
  readonly write: ts.CallExpression | ts.TaggedTemplateExpression;
  /** A create or insert decided by the read (a duplicate), rather than a value computed from it (a lost update). */
  readonly duplicate: boolean;
  /** The callback the write runs in when it is not `fn` itself (`db.transaction(async (tx) => tx.create(…))`). */
  readonly callback: FunctionLike | undefined;
  /** A cache-aside fill: a `get`/`has` miss, other work awaited, then `set` of the key (repeated work). */
  readonly refill: boolean;
  /** What the write does: the method (`create`, `set`) or the SQL verb (`insert`), or the helper that does it. */
  readonly writeName: string;
  readonly key: string;
  /** The write is made by a function of the program whose body writes (known to write, whatever it returns). */
  readonly throughHelper: boolean;
}

/** A write: the call, what it does, and on which store (`db.user`, `sql:users`). */
interface Write {
  readonly call: ts.CallExpression | ts.TaggedTemplateExpression;
  readonly name: string;
  readonly store: string;
  /** Every text of the store, when a function of the program makes the write (see `Read.stores`). */
  readonly stores?: ReadonlySet<string>;
  /** The name the call is made by, when a function of the program makes the write (`insertUser`). */
  readonly label?: string;
  /** Where its keys are: the call's arguments, or a SQL statement's parameters. */
  readonly keyNodes: readonly ts.Node[];
}

/**
 * Key races in `fn`: an awaited read of a key, then a write of the same key on the same store (the same receiver, the
 * same SQL table) that the read decided (under a check of its result) or computed (arithmetic on the value read).
 */
export function keyRaces(fn: FunctionLike, checker?: ts.TypeChecker): KeyRace[] {
  const body = fn.body as ts.Node;
  const reads: Read[] = [];
  const writes: (Write & { callback?: FunctionLike })[] = [];
  const awaits: ts.AwaitExpression[] = [];
  // what a call of a function of the program (in any file) reads and writes, from its summary
  const summaries = new Map<ts.CallExpression, readonly CallEffect<StoreEffect>[]>();
  const summarized = (call: ts.CallExpression): readonly CallEffect<StoreEffect>[] => {
    if (checker === undefined) return [];
    let effects = summaries.get(call);
    if (effects === undefined) {
      effects = effectsAtCall(call, checker, storeEffects).filter((effect) => effect.declaration !== fn);
      summaries.set(call, effects);
    }
    return effects;
  };
  forEachInFunction(body, (node) => {
    if (ts.isAwaitExpression(node)) {
      awaits.push(node);
      const operand = skipOuter(node.expression);
      const read =
        (ts.isCallExpression(operand) ? helperRead(operand, node, summarized) : undefined) ??
        readOf(node, true);
      if (read !== undefined) reads.push(read);
    } else if (ts.isCallExpression(node) && !ts.isAwaitExpression(skipOuterUp(node).parent)) {
      // a synchronous helper's answer (`const taken = store.anyAccount()`) goes stale at the next `await` as well
      const read = helperRead(node, node, summarized);
      if (read !== undefined) reads.push({ ...read, synchronous: true });
    }
    if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
      // a function of the program is judged by the write its body makes, whatever it is called
      const write = (ts.isCallExpression(node) ? helperWrite(node, summarized) : undefined) ?? writeOf(node);
      if (write !== undefined) writes.push(builtEntityWrite(write, fn));
    }
    // a callback handed to a call (`db.transaction(async (tx) => …)`) runs after what came before the call
    if (ts.isCallExpression(node)) {
      for (const argument of node.arguments) {
        const callback = skipOuter(argument);
        if (!isFunctionLike(callback)) continue;
        const collect = (inner: ts.Node): undefined => {
          if (ts.isCallExpression(inner) || ts.isTaggedTemplateExpression(inner)) {
            const write = writeOf(inner);
            if (write !== undefined) writes.push({ ...builtEntityWrite(write, fn), callback });
          }
          return undefined;
        };
        // `async (tx) => tx.create(…)`: an expression body is itself the first thing the callback runs
        if (!ts.isBlock(callback.body)) collect(skipOuter(callback.body));
        forEachInFunction(callback.body, collect);
      }
    }
  });
  const races: KeyRace[] = consumedRecords(fn, awaits);
  const reported = new Set<ts.Node>(races.map((race) => race.write));
  for (const read of reads) {
    for (const write of writes) {
      if (reported.has(write.call) || write.call.getStart() < read.awaited.getEnd()) continue;
      if (!sameStore(read, write)) continue;
      if (read.synchronous === true && !awaitedBetween(awaits, read.awaited, write.call)) continue;
      const key = sharedKey(read, write, fn);
      if (key === undefined) continue;
      // A lost update: the write stores arithmetic on the value read (`balance - amount`, `count + 1`), directly
      // or through a local computed from it (`const next = current + 1; … set(key, String(next))`).
      const lostUpdate =
        computesFrom(write.keyNodes, read.results) ||
        mentionsComputed(write.keyNodes, computedFrom(fn, read, write.call)) ||
        // a copy of the row read, written back after other work was awaited (`{ ...org.billing, id }`)
        (awaitedBetween(awaits, read.awaited, write.call) &&
          (spreadsFrom(write.keyNodes, read.results) ||
            mentionsComputed(write.keyNodes, computedFrom(fn, read, write.call, spreadsFrom))));
      // A duplicate: a create/insert/save under a check of the read's result. A guarded update only fails if the
      // row went away, and in-memory style get/set only repeat work, so those count only as lost updates.
      const duplicates = creationName.test(write.name) && !valueReads.has(read.name);
      // An existence check (`hasTable`, `exists`) races a create only on the path where it found nothing: a create
      // after `if (!(await acl.hasRole(user))) throw …` runs when the check passed, it does not fill a gap. So does a
      // helper's answer (`if (!(await canUpdateTeam(auth, id))) return …`: a permission, not a row looked for).
      const guarded =
        isGuardedBy(write.call, read, fn) &&
        ((!existence.test(read.name) && read.stores === undefined) || runsWhenMissing(write.call, read, fn));
      // A cache-aside fill: a miss, the value computed with other awaits, then stored: every concurrent miss
      // computes it again (reported under `strict` only).
      const refill =
        valueReads.has(read.name) &&
        write.name === 'set' &&
        guarded &&
        awaitedBetween(awaits, read.awaited, write.call);
      if (read.loose === true ? !(duplicates && guarded) : !lostUpdate && !(duplicates && guarded) && !refill)
        continue;
      if (handlesFailure(write.call, read, fn)) continue;
      reported.add(write.call);
      races.push({
        read,
        write: write.call,
        writeName: write.label ?? write.name,
        key,
        duplicate: !lostUpdate && !refill,
        callback: write.callback,
        refill: !lostUpdate && refill,
        throughHelper: write.stores !== undefined,
      });
    }
  }
  return races;
}

/** Lookups of one record by what the caller presents: `getRefreshToken(token)`, `findInvite(code)`, `loadGrant(id)`. */
const recordLookup = /^(?:get|find|fetch|load|lookup)[A-Z]\w*$/;
/** Calls that delete a record. */
const deleteName = /^(?:delete|remove|destroy)(?:[A-Z]\w*)?$/;

/**
 * A record looked up, required (the call stops when it is missing), other work awaited, then the record deleted:
 * `const grant = await store.getRefreshToken(token); if (!grant) throw …; await exchange(grant); await
 * store.deleteRefreshToken(grant)`. Every concurrent call presenting the same token finds the record before the first
 * deletes it, so a single-use grant (a refresh token, an invitation, a reset code) is spent twice.
 */
function consumedRecords(fn: FunctionLike, awaits: readonly ts.AwaitExpression[]): KeyRace[] {
  const races: KeyRace[] = [];
  for (const awaited of awaits) {
    const read = readOf(awaited) ?? recordLookupOf(awaited);
    if (read === undefined || read.results.size === 0) continue;
    let found: { call: ts.CallExpression; name: string; record: string } | undefined;
    forEachInFunction(fn.body as ts.Node, (node) => {
      if (found !== undefined) return 'skip';
      if (!ts.isCallExpression(node) || node.getStart() < awaited.getEnd()) return undefined;
      const name = calleeName(node);
      if (name === undefined || !deleteName.test(name)) return undefined;
      const receiver = calleeReceiver(node);
      const receiverText = receiver === undefined ? '' : (referenceText(receiver) ?? '');
      // `grant.destroy()`: the record read deletes itself; `store.deleteGrant(grant)`: the store it came from
      const record = read.results.has(receiverText)
        ? receiverText
        : receiverText === read.receiver && receiverText !== ''
          ? [...read.results].find((result) => node.arguments.some((a) => mentionsAny(a, new Set([result]))))
          : undefined;
      if (record === undefined) return undefined;
      // work done with the record because it was there: an `await` between that uses it, on the path where the
      // lookup found it (a delete after `if (!grant) { grant = await findRevoked(token) … }` cleans up, it spends
      // nothing)
      const present = (at: ts.Node): boolean => isGuardedBy(at, read, fn) && !runsWhenMissing(at, read, fn);
      const work = awaits.filter(
        (a) =>
          a !== awaited &&
          a.getStart() > awaited.getEnd() &&
          a.getEnd() <= node.getStart() &&
          mentionsAny(a.expression, read.results),
      );
      if (!present(node) || !work.some(present)) return undefined;
      found = { call: node, name, record };
      return undefined;
    });
    if (found === undefined) continue;
    races.push({
      read,
      write: found.call,
      writeName: found.name,
      key: found.record,
      duplicate: false,
      callback: undefined,
      refill: false,
      throughHelper: false,
    });
  }
  return races;
}

/** An awaited lookup of one record by name (`store.getRefreshToken(token)`), for `consumedRecords` only. */
function recordLookupOf(awaited: ts.AwaitExpression): Read | undefined {
  const operand = skipOuter(awaited.expression);
  if (!ts.isCallExpression(operand)) return undefined;
  const name = calleeName(operand);
  const receiverNode = calleeReceiver(operand);
  if (name === undefined || !recordLookup.test(name) || receiverNode === undefined) return undefined;
  const receiver = referenceText(receiverNode);
  const keys = keysOf(operand.arguments.slice(0, 1));
  if (receiver === undefined || keys.size === 0) return undefined;
  return { call: operand, awaited, name, receiver, keys, results: resultNames(awaited) };
}

/**
 * The read an `await` makes: a select, a query chain, or a call named as a read; with `loose`, also any other call on
 * a store object that names a key and neither writes nor deletes (`store.load(key)`).
 */
function readOf(awaited: ts.AwaitExpression, loose = false): Read | undefined {
  const operand = skipOuter(awaited.expression);
  const read = readCallOf(operand, loose);
  if (read === undefined) return undefined;
  return { ...read, awaited, results: resultNames(awaited) };
}

/** The read a call makes by itself, before what holds its answer is known (see `readOf`). */
function readCallOf(operand: ts.Expression, loose = false): Omit<Read, 'awaited' | 'results'> | undefined {
  const statement = sqlOf(operand);
  if (statement !== undefined) {
    if (statement.verb !== 'select') return undefined;
    const keys = keysOf(statement.parameters);
    if (keys.size === 0) return undefined;
    return {
      call: statement.call,
      name: 'select',
      receiver: statement.store,
      keys,
    };
  }
  if (!ts.isCallExpression(operand)) return undefined;
  const chain = queryChainOf(operand);
  if (chain !== undefined) {
    if (chain.verb !== 'select') return undefined;
    const keys = keysOf(chain.keyNodes);
    if (keys.size === 0) return undefined;
    return {
      call: operand,
      name: 'select',
      receiver: chain.store,
      keys,
    };
  }
  const name = calleeName(operand);
  if (name === undefined) return undefined;
  const named = readName.test(name);
  if (!named && !(loose && !writeName.test(name) && !deleteName.test(name))) return undefined;
  const table = tableOf(operand);
  const receiverNode = calleeReceiver(operand);
  const receiver = table ?? (receiverNode === undefined ? '' : storeText(receiverNode));
  if (receiver === undefined || (!named && receiver === '')) return undefined;
  // The key is what the read looks up: its first argument (a filter, an id), never its options; after the table when
  // the table is named first (`findFirst('consent', { where })`).
  const keys = keysOf(operand.arguments.slice(table === undefined ? 0 : 1, table === undefined ? 1 : 2));
  if (keys.size === 0) return undefined;
  if (named) return { call: operand, name, receiver, keys };
  return { call: operand, name, receiver, keys, loose: true };
}

function writeOf(node: ts.CallExpression | ts.TaggedTemplateExpression): Write | undefined {
  const statement = sqlOf(node);
  if (statement !== undefined) {
    if (statement.verb === 'select') return undefined;
    return {
      call: statement.call,
      name: statement.verb,
      store: statement.store,
      keyNodes: statement.parameters,
    };
  }
  if (!ts.isCallExpression(node)) return undefined;
  const chain = queryChainOf(node);
  if (chain !== undefined) {
    // the outermost call of the chain only (`db.insert(t).values(v)`, not `db.insert(t)` again)
    if (chain.verb === 'select' || isInnerChainCall(node)) return undefined;
    return { call: node, name: chain.verb, store: chain.store, keyNodes: chain.keyNodes };
  }
  const name = calleeName(node);
  if (name === undefined || !writeName.test(name)) return undefined;
  const table = tableOf(node);
  const receiverNode = calleeReceiver(node);
  const store = table ?? (receiverNode === undefined ? '' : storeText(receiverNode));
  // `User.build(row).save()`: a store of its own until `builtEntityWrite` names the model it was built from
  if (store === undefined)
    return name === 'save' ? { call: node, name, store: '(entity)', keyNodes: [] } : undefined;
  return {
    call: node,
    name,
    store,
    keyNodes: table === undefined ? node.arguments : node.arguments.slice(1),
  };
}

/** What check-then-act records in a function summary: the reads and the writes of keys on stores. */
type StoreEffect = 'read' | 'write';

/**
 * The reads and writes a single call makes, as the key-race detector sees them (a SQL statement through any helper, a
 * query chain, a call named as a read or a write), for `analysis/project/function-summaries.ts`: a function of the
 * program is then known by what its body does, in whichever file it is. A write whose duplicate the function settles
 * itself (a `catch` of the unique-constraint error around it) is none.
 */
export const storeEffects: EffectClassifier<StoreEffect> = {
  effectOf(node) {
    if (ts.isCallExpression(node) && isInnerChainCall(node)) return undefined;
    const read = readCallOf(node);
    if (read !== undefined) return { kind: 'read', verb: read.name, store: read.receiver, keys: read.keys };
    const write = writeOf(node);
    if (write === undefined || write.store === '(entity)' || settlesDuplicate(write.call)) return undefined;
    return { kind: 'write', verb: write.name, store: write.store, keys: keysOf(write.keyNodes) };
  },
  keyTexts: (node) => keysOf([node]),
};

/** A unique-constraint error code or name: the duplicate a race produces. */
export const duplicateErrors =
  /E11000|\b11000\b|P2002|23505|ER_DUP_ENTRY|EEXIST|SQLITE_CONSTRAINT|UniqueConstraint|[Dd]uplicate|unique constraint/;

/** The write sits in a `try` whose `catch` handles the unique-constraint error, or is followed by `.catch(…)`. */
function settlesDuplicate(write: ts.Node): boolean {
  const outer = skipOuterUp(write).parent;
  if (ts.isPropertyAccessExpression(outer) && outer.name.text === 'catch') return true;
  for (
    let current: ts.Node = write;
    !ts.isSourceFile(current) && !isFunctionLike(current);
    current = current.parent
  ) {
    const parent = current.parent;
    if (
      ts.isTryStatement(parent) &&
      parent.tryBlock === current &&
      parent.catchClause !== undefined &&
      duplicateErrors.test(parent.catchClause.getText())
    )
      return true;
  }
  return false;
}

/**
 * The read a call of a function of the program makes (`repo.findByEmail(email)`, `store.anyAccount()`): its body reads
 * a key of a store and writes none of the stores it reads (a find-or-create helper races inside itself, and is
 * reported there).
 */
function helperRead(
  call: ts.CallExpression,
  answer: ts.Expression,
  summarized: (call: ts.CallExpression) => readonly CallEffect<StoreEffect>[],
): Read | undefined {
  const effects = summarized(call);
  const reads = effects.filter((effect) => effect.kind === 'read' && effect.keys.size > 0);
  const first = reads[0];
  if (first === undefined) return undefined;
  const readStores = new Set(reads.map((effect) => effect.store));
  if (effects.some((effect) => effect.kind === 'write' && readStores.has(effect.store))) return undefined;
  // a synchronous answer only: an `async` helper not awaited hands back a promise, not what it read
  if (answer === call && isAsyncFunction(first.declaration)) return undefined;
  const receiverNode = calleeReceiver(call);
  const receiver = receiverNode === undefined ? undefined : storeText(receiverNode);
  if (receiver !== undefined && receiver !== '') readStores.add(receiver);
  const keys = new Set(reads.flatMap((effect) => [...effect.keys]));
  const name = calleeName(call);
  return {
    call,
    awaited: answer,
    name: first.verb,
    receiver: first.store,
    stores: readStores,
    keys,
    results: resultNames(answer),
    ...(name === undefined || name === first.verb ? {} : { label: name }),
  };
}

/**
 * The write a call of a function of the program makes (`accounts.createAccount(profile)` whose body runs
 * `Account.query(trx).insert(row)`, `users.insertUser(email)` in another file): the call is the write, on the store its
 * body writes, with the call's own arguments carrying the key. A creation is preferred when the body makes several;
 * a store the body also reads (a find-or-create helper) is not written blind, and its race is reported in the helper.
 */
function helperWrite(
  call: ts.CallExpression,
  summarized: (call: ts.CallExpression) => readonly CallEffect<StoreEffect>[],
): Write | undefined {
  const effects = summarized(call);
  // a helper that reads the store before it writes it (find-or-create) checks again itself: its race is its own (a
  // read after the write, `insert(row)` then `return readAccount(row.id)`, checks nothing)
  const readBefore = (index: number, store: string): boolean =>
    effects.slice(0, index).some((effect) => effect.kind === 'read' && effect.store === store);
  const writes = effects.filter(
    (effect, index) => effect.kind === 'write' && !readBefore(index, effect.store),
  );
  const chosen = writes.find((effect) => creationName.test(effect.verb)) ?? writes[0];
  if (chosen === undefined) return undefined;
  const stores = new Set(writes.map((effect) => effect.store));
  const receiverNode = calleeReceiver(call);
  const receiver = receiverNode === undefined ? undefined : storeText(receiverNode);
  if (receiver !== undefined && receiver !== '') stores.add(receiver);
  const name = calleeName(call);
  // a helper named as a creation (`orders.insert(order)` whose body runs `map.set(order.id, order)`) creates, to its
  // callers, whatever store call its body makes: the name is the caller's intent
  const verb =
    name !== undefined && creationName.test(name) && !creationName.test(chosen.verb) ? name : chosen.verb;
  return {
    call,
    name: verb,
    store: chosen.store,
    stores,
    keyNodes: call.arguments,
    ...(name === undefined ? {} : { label: name }),
  };
}

/**
 * The store a receiver names: a reference (`prisma.user`, `this.users`), or a call that hands out the same store for
 * the same arguments (`db.collection('users')`, `dataSource.getRepository(User)`, `client.db().collection(name)`):
 * every argument a literal or a reference, so two spellings of the call reach one collection, table or repository.
 */
function storeText(receiver: ts.Expression): string | undefined {
  const reference = referenceText(receiver);
  if (reference !== undefined) return reference;
  // arguments that name the same value at both calls: literals and references (never a call such as `randomUUID()`)
  const sameValue = (node: ts.Expression): boolean => {
    const inner = skipOuter(node);
    return ts.isStringLiteralLike(inner) || ts.isNumericLiteral(inner) || referenceText(inner) !== undefined;
  };
  const stable = (node: ts.Expression): boolean => {
    const inner = skipOuter(node);
    if (referenceText(inner) !== undefined) return true;
    if (ts.isPropertyAccessExpression(inner)) return stable(inner.expression);
    return ts.isCallExpression(inner) && stable(inner.expression) && inner.arguments.every(sameValue);
  };
  const call = skipOuter(receiver);
  if (!ts.isCallExpression(call) || !stable(call)) return undefined;
  return normalizedText(call, call.getSourceFile());
}

/** Factories that build an entity of a model in memory for a later `save()`: Sequelize `build`, TypeORM `create`. */
const entityFactories = new Set(['build', 'create']);

/**
 * `const user = new User({ email }); await user.save()`, `User.build(row).save()`, `User.create(row).save()`: an
 * entity built from a model and saved is a create on that model, whose keys are what it was built from. The store is
 * the model (`User`), so it meets the model's own read (`User.findOne({ email })`).
 */
function builtEntityWrite<W extends Write>(write: W, fn: FunctionLike): W {
  if (write.name !== 'save' || !ts.isCallExpression(write.call)) return write;
  // the entity saves itself: `user.save()`, or with options only (`user.save({ transaction })`)
  const options = write.call.arguments[0];
  if (
    write.call.arguments.length > 1 ||
    (options !== undefined && !ts.isObjectLiteralExpression(skipOuter(options)))
  )
    return write;
  let built = calleeReceiver(write.call);
  if (built !== undefined && ts.isIdentifier(skipOuter(built))) {
    const name = (skipOuter(built) as ts.Identifier).text;
    built = undefined;
    forEachInFunction(fn.body as ts.Node, (node) => {
      if (built !== undefined) return 'skip';
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.name.text === name &&
        node.initializer !== undefined
      ) {
        built = skipOuter(node.initializer);
      }
      return undefined;
    });
  }
  if (built === undefined) return write;
  const made = skipOuter(built);
  let model: ts.Expression | undefined;
  let data: readonly ts.Expression[] = [];
  if (ts.isNewExpression(made)) {
    model = made.expression;
    data = made.arguments ?? [];
  } else if (
    ts.isCallExpression(made) &&
    ts.isPropertyAccessExpression(made.expression) &&
    entityFactories.has(made.expression.name.text)
  ) {
    model = made.expression.expression;
    data = made.arguments;
  }
  const store = model === undefined ? undefined : referenceText(model);
  if (store === undefined || data.length === 0) return write;
  return { ...write, store, keyNodes: data };
}

/**
 * `records.findFirst('consent', { where })`, `tx.create('consent', data)`: a data layer that names the table first.
 * The table is the store, whichever client (the connection or a transaction's) runs the call.
 */
function tableOf(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0];
  if (first === undefined || call.arguments.length < 2 || !ts.isStringLiteralLike(first)) return undefined;
  return /^\w+$/.test(first.text) ? `table:${first.text.toLowerCase()}` : undefined;
}

/**
 * An `await` that starts after `after` and ends before `before`: work in flight while what was checked goes stale
 * (the read's own `await` is never one, it ends where the window starts).
 */
export function awaitedBetween(
  awaits: readonly ts.AwaitExpression[],
  after: ts.Node,
  before: ts.Node,
): boolean {
  return awaits.some((a) => a.getStart() > after.getEnd() && a.getEnd() <= before.getStart());
}

/**
 * The loser of the race is handled where the write is: a `.catch` on it, or a `try` with a `catch` around the write
 * that does not hold the read (`try { await insert(…) } catch { return find(…) }`).
 */
function handlesFailure(
  write: ts.CallExpression | ts.TaggedTemplateExpression,
  read: Read,
  fn: FunctionLike,
): boolean {
  const outer = skipOuterUp(write).parent;
  if (ts.isPropertyAccessExpression(outer) && (outer.name.text === 'catch' || outer.name.text === 'then'))
    return true;
  for (let current: ts.Node = write; current !== fn && !ts.isSourceFile(current); current = current.parent) {
    const parent = current.parent;
    if (
      ts.isTryStatement(parent) &&
      parent.tryBlock === current &&
      parent.catchClause !== undefined &&
      !isWithin(read.awaited, parent.tryBlock)
    ) {
      return true;
    }
  }
  return false;
}

interface SqlStatement {
  readonly call: ts.CallExpression | ts.TaggedTemplateExpression;
  readonly verb: 'select' | 'insert' | 'update';
  /** `sql:<table>`: the same table is the same store, whichever helper runs the statement. */
  readonly store: string;
  /** The statement's parameters: the values after the text, or a template's substitutions. */
  readonly parameters: readonly ts.Node[];
}

const selectFrom = /^\s*select\b[\s\S]*?\bfrom\s+[`"[]?(?:\w+[`"\]]?\.[`"[]?)?(\w+)/i;
const insertInto = /^\s*insert\s+(?:or\s+\w+\s+)?into\s+[`"[]?(?:\w+[`"\]]?\.[`"[]?)?(\w+)/i;
const updateTable = /^\s*update\s+[`"[]?(?:\w+[`"\]]?\.[`"[]?)?(\w+)/i;
/** Statements that settle the race in the database: an upsert, a conditional insert, a locking read. */
const atomicSql =
  /\bon\s+conflict\b|\bon\s+duplicate\s+key\b|^\s*insert\s+(?:or\s+)?ignore\b|\bwhere\s+not\s+exists\b|\bfor\s+(?:no\s+key\s+)?update\b|\bfor\s+share\b/i;

/**
 * A SQL statement run through any helper: `query('SELECT … FROM users WHERE email = $1', [email])`,
 * ``sql`INSERT INTO users … ${email}` ``, ``db.query(`UPDATE users …`, params)``.
 */
function sqlOf(node: ts.Expression): SqlStatement | undefined {
  let text: string | undefined;
  let parameters: ts.Node[] = [];
  let call: ts.CallExpression | ts.TaggedTemplateExpression;
  if (ts.isTaggedTemplateExpression(node)) {
    call = node;
    const template = node.template;
    text = ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text;
    if (ts.isTemplateExpression(template)) parameters = template.templateSpans.map((span) => span.expression);
  } else if (ts.isCallExpression(node) && preparedStatement(node) !== undefined) {
    // a prepared statement run with its parameters: `db.prepare('SELECT … WHERE login = ?').get(login)`
    const prepared = preparedStatement(node) as ts.StringLiteralLike;
    call = node;
    text = prepared.text;
    parameters = [...node.arguments];
  } else if (ts.isCallExpression(node) && node.arguments[0] !== undefined) {
    call = node;
    const first = skipOuter(node.arguments[0]);
    if (ts.isStringLiteralLike(first)) text = first.text;
    else if (ts.isTemplateExpression(first)) {
      text = first.head.text + first.templateSpans.map((span) => ' ? ' + span.literal.text).join('');
      parameters = first.templateSpans.map((span) => span.expression);
    } else if (ts.isTaggedTemplateExpression(first)) {
      return sqlOf(first);
    }
    parameters = [...parameters, ...node.arguments.slice(1)];
  } else {
    return undefined;
  }
  if (text === undefined || atomicSql.test(text)) return undefined;
  for (const [verb, pattern] of [
    ['select', selectFrom],
    ['insert', insertInto],
    ['update', updateTable],
  ] as const) {
    const table = pattern.exec(text)?.[1];
    if (table !== undefined) return { call, verb, store: `sql:${table.toLowerCase()}`, parameters };
  }
  return undefined;
}

/** Methods that run a prepared statement with its parameters (better-sqlite3, node:sqlite, mysql2 `execute`). */
const statementRunners = new Set(['get', 'all', 'run', 'iterate', 'execute']);

/** The SQL text of `db.prepare('…')` when `call` runs it (`.get(id)`, `.run(a, b)`). */
function preparedStatement(call: ts.CallExpression): ts.StringLiteralLike | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !statementRunners.has(callee.name.text)) return undefined;
  const prepare = skipOuter(callee.expression);
  if (!ts.isCallExpression(prepare) || calleeName(prepare) !== 'prepare') return undefined;
  const first = prepare.arguments[0] === undefined ? undefined : skipOuter(prepare.arguments[0]);
  return first !== undefined && ts.isStringLiteralLike(first) ? first : undefined;
}

interface QueryChain {
  readonly verb: 'select' | 'insert' | 'update';
  readonly store: string;
  readonly keyNodes: readonly ts.Node[];
}

const chainReads = new Set([
  'selectFrom',
  'where',
  'andWhere',
  'whereIn',
  'first',
  'select',
  'limit',
  'findById',
  'findOne',
]);
/** Methods that name the table: knex/drizzle `from`/`into`/`table`, and Kysely's statement starters. */
const chainTables = new Set([
  'from',
  'into',
  'table',
  'selectFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
]);

/**
 * A query-builder chain on a named table: knex (`db('users').where({ email }).first()`,
 * `db('users').insert({ email })`) and drizzle (`db.select().from(users).where(eq(users.email, email))`,
 * `db.insert(users).values({ email })`) and Kysely (`db.selectFrom('actor').where('did', '=', did)
 * .executeTakeFirst()`, `db.insertInto('actor').values({ did }).execute()`, `db.updateTable('actor').set(…)`). The
 * table names the store; `where`, `insert`, `values`, `update` and `set` arguments hold the keys.
 */
function queryChainOf(outer: ts.CallExpression): QueryChain | undefined {
  const calls: { method: string; args: readonly ts.Expression[] }[] = [];
  let table: string | undefined;
  for (let node: ts.Expression = skipOuter(outer); ts.isCallExpression(node);) {
    const callee = skipOuter(node.expression);
    const first = node.arguments[0];
    if (ts.isIdentifier(callee)) {
      // knex('users') / db('users')
      if (first !== undefined && ts.isStringLiteralLike(first) && node.arguments.length === 1)
        table = first.text;
      break;
    }
    if (!ts.isPropertyAccessExpression(callee)) break;
    const on = skipOuter(callee.expression);
    // Objection: `Account.query(trx).where(…).first()`, the model class names the table
    if (
      callee.name.text === 'query' &&
      ts.isIdentifier(on) &&
      node.arguments.length <= 1 &&
      calls.length > 0
    ) {
      table = `model:${on.text}`;
      break;
    }
    calls.push({ method: callee.name.text, args: node.arguments });
    node = on;
  }
  const inner = new Set(calls.slice(1).map((call) => call.method));
  for (const [index, call] of calls.entries()) {
    const first = call.args[0];
    if (first === undefined || call.args.length !== 1) continue;
    const named = ts.isStringLiteralLike(first) || ts.isIdentifier(first) ? first.text : undefined;
    // .from(users) / .into('users'); drizzle's db.insert(users).values(…) and db.update(users).set(…)
    if (
      chainTables.has(call.method) ||
      ((call.method === 'insert' || call.method === 'update') && index > 0)
    ) {
      table ??= named;
    }
  }
  if (table === undefined || calls.length === 0) return undefined;
  const methods = calls.map((call) => call.method);
  // an insert that settles a conflict in the database: knex/Objection `.onConflict(…).ignore()`/`.merge()`, drizzle's
  // `.onConflictDoNothing()`, MySQL's `.onDuplicateKeyUpdate(…)`
  if (methods.some((method) => /^(?:onConflict\w*|onDuplicateKey\w*|orIgnore|ignore)$/.test(method)))
    return undefined;
  const argumentsOf = (names: readonly string[]): ts.Node[] =>
    calls.filter((call) => names.includes(call.method)).flatMap((call) => [...call.args]);
  const store = table.startsWith('model:') ? table : `sql:${table.toLowerCase()}`;
  if (methods.includes('insert') || methods.includes('values')) {
    const values =
      inner.has('insert') || methods.includes('insertInto') || methods.includes('replaceInto')
        ? argumentsOf(['values'])
        : argumentsOf(['insert']);
    return { verb: 'insert', store, keyNodes: values };
  }
  if (
    methods.includes('update') ||
    methods.includes('updateTable') ||
    (methods.includes('set') && inner.has('update'))
  ) {
    const values =
      inner.has('update') || methods.includes('updateTable')
        ? argumentsOf(['set', 'where'])
        : argumentsOf(['update', 'where']);
    return { verb: 'update', store, keyNodes: values };
  }
  if (store.startsWith('model:')) {
    // Objection's own verbs: `insertAndFetch`, `insertGraph`, `patch`, `patchAndFetchById`, `updateAndFetch`
    const created = calls.find((call) => /^insert\w+$/.test(call.method));
    if (created !== undefined) return { verb: 'insert', store, keyNodes: created.args };
    const changed = calls.find((call) => /^(?:patch|update)\w*$/.test(call.method));
    if (changed !== undefined)
      return { verb: 'update', store, keyNodes: argumentsOf([changed.method, 'where']) };
  }
  if (!methods.some((method) => chainReads.has(method))) return undefined;
  return {
    verb: 'select',
    store,
    keyNodes: argumentsOf(['where', 'andWhere', 'whereIn', 'findById', 'findOne']),
  };
}

/** A call whose result is the receiver of another call: `db('t')` in `db('t').insert(v)`. */
function isInnerChainCall(call: ts.CallExpression): boolean {
  const parent = skipOuterUp(call).parent;
  return (
    ts.isPropertyAccessExpression(parent) &&
    ts.isCallExpression(parent.parent) &&
    parent.parent.expression === parent
  );
}

/** Calls that only convert the value read: `Number(await cache.get(key))` still holds the value. */
const conversions = /^(Number|parseInt|parseFloat|String|BigInt|parse)$/;

/**
 * `const user = await …`, `const [row] = await …`, `user = await …`, and the same through conversions and defaults:
 * `const n = Number((await cache.get(key)) ?? '0')`.
 */
export function resultNames(awaited: ts.Expression): Set<string> {
  const names = new Set<string>();
  let node: ts.Node = awaited;
  for (;;) {
    const parent = node.parent;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      (ts.isBinaryExpression(parent) &&
        parent.left === node &&
        (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) ||
      (ts.isCallExpression(parent) &&
        parent.arguments[0] === node &&
        conversions.test(calleeName(parent) ?? '') &&
        (calleeReceiver(parent) === undefined ||
          referenceText(calleeReceiver(parent) as ts.Expression) === 'JSON'))
    ) {
      node = parent;
      continue;
    }
    break;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
    const collect = (name: ts.BindingName): void => {
      if (ts.isIdentifier(name)) names.add(name.text);
      else for (const element of name.elements) if (ts.isBindingElement(element)) collect(element.name);
    };
    collect(parent.name);
  } else if (
    ts.isBinaryExpression(parent) &&
    parent.right === node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    const target = referenceText(parent.left);
    if (target !== undefined) names.add(target);
  }
  return names;
}

/** Identifier and property-chain texts used as values in the arguments (object literals searched deeply). */
function keysOf(args: readonly ts.Node[]): Set<string> {
  const keys = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      if (!notKeys.has(node.name.text)) keys.add(node.name.text);
      return;
    }
    if (ts.isPropertyAccessExpression(node) || ts.isIdentifier(node) || ts.isElementAccessExpression(node)) {
      if (ts.isIdentifier(node) && !isValueReference(node)) return;
      const text = referenceText(node);
      if (text !== undefined) {
        if (!notKeys.has(text) && !text.startsWith('this.') && text !== 'this') keys.add(text);
        return;
      }
    }
    if (isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  for (const arg of args) visit(arg);
  return keys;
}

/**
 * The read and the write reach one store: a text they share (the receiver, the SQL table, or, through a function of
 * the program, the store its body reads or writes). Plain functions with no store of their own name the same entity.
 */
function sameStore(read: Read, write: Write): boolean {
  const readStores = read.stores ?? new Set([read.receiver]);
  const writeStores = write.stores ?? new Set([write.store]);
  for (const store of readStores) {
    if (!writeStores.has(store)) continue;
    if (store !== '' || sameEntity(read, write)) return true;
  }
  return false;
}

/** Plain functions on one store (`findUser` → `createUser`) name the same entity; methods share their receiver. */
function sameEntity(read: Read, write: Write): boolean {
  if (read.receiver !== '') return true;
  return entity(read.name) !== '' && entity(read.name) === entity(write.name);
}

function entity(name: string): string {
  return name
    .replace(/^(find|get|exists|count|has|create|insert|save|set|update)(One|Many|First|Unique)?/, '')
    .replace(/By\w*$/, '')
    .toLowerCase();
}

function sharedKey(read: Read, write: Write, fn: FunctionLike): string | undefined {
  const writeKeys = keysOf(write.keyNodes);
  // insert(order) where `const order = { idempotencyKey, … }` in the same function
  for (const argument of write.keyNodes) {
    const literal = ts.isIdentifier(argument) ? localObjectLiteral(fn, argument.text) : undefined;
    if (literal !== undefined) for (const key of keysOf([literal])) writeKeys.add(key);
  }
  for (const key of read.keys) if (writeKeys.has(key)) return key;
  // the write is handed the whole object whose field was the key: find by `profile.userId`, then `create(profile)`
  for (const key of read.keys) {
    const root = key.split(/[.[]/)[0] ?? key;
    if (root !== key && writeKeys.has(root)) return key;
  }
  return undefined;
}

function localObjectLiteral(fn: FunctionLike, name: string): ts.ObjectLiteralExpression | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  forEachInFunction(fn.body as ts.Node, (node) => {
    if (found !== undefined) return 'skip';
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      const init = node.initializer && skipOuter(node.initializer);
      if (init !== undefined && ts.isObjectLiteralExpression(init)) found = init;
      // const user = repository.create({ email }): an entity built from the literal, saved later
      const built = init !== undefined && ts.isCallExpression(init) ? init.arguments[0] : undefined;
      if (built !== undefined && ts.isObjectLiteralExpression(skipOuter(built))) {
        found = skipOuter(built) as ts.ObjectLiteralExpression;
      }
    }
    return undefined;
  });
  return found;
}

/**
 * A check the guards below look for: its call, the expression that produces its answer (the `await`, or the call itself
 * when it is synchronous, `existsSync(path)`), and the variables that hold the answer.
 */
export interface CheckedRead {
  readonly call: ts.Node;
  readonly awaited: ts.Node;
  readonly results: ReadonlySet<string>;
}

/** The write sits under an `if` on the read's result, or after an `if` on it that returns or throws. */
export function isGuardedBy(write: ts.Node, read: CheckedRead, fn: FunctionLike): boolean {
  const mentionsRead = (node: ts.Node): boolean =>
    mentionsAny(node, read.results) || isWithin(read.awaited, node);
  for (
    let current = write.parent as ts.Node | undefined;
    current !== undefined && current !== fn;
    current = current.parent
  ) {
    if (ts.isIfStatement(current) && mentionsRead(current.expression)) return true;
    if (ts.isConditionalExpression(current) && mentionsRead(current.condition)) return true;
    // (await find(key)) ?? (await create(key))
    if (
      ts.isBinaryExpression(current) &&
      (current.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        current.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
      isWithin(write, current.right) &&
      mentionsRead(current.left)
    ) {
      return true;
    }
  }
  let guarded = false;
  forEachInFunction(fn.body as ts.Node, (node) => {
    if (guarded) return 'skip';
    if (
      ts.isIfStatement(node) &&
      // after the read, or around it: `if (await exists(name)) return;`
      (node.getStart() > read.call.getStart() || isWithin(read.awaited, node.expression)) &&
      node.getEnd() < write.getStart() &&
      mentionsRead(node.expression) &&
      exits(node.thenStatement)
    ) {
      guarded = true;
    }
    return undefined;
  });
  return guarded;
}

/**
 * The write runs on the path where the existence check found nothing: in the branch of a negated check
 * (`if (!(await hasTable(t))) create(t)`, `if (exists === false)`), in the `else` of a positive one, or after a
 * positive check that exits (`if (await exists(t)) return; create(t)`).
 */
export function runsWhenMissing(write: ts.Node, read: CheckedRead, fn: FunctionLike): boolean {
  const mentionsRead = (node: ts.Node): boolean =>
    mentionsAny(node, read.results) || isWithin(read.awaited, node);
  // `x !== undefined` and `x != null` ask whether it was found: only `===`/`==` with an empty value is negated
  const negated = (condition: ts.Expression): boolean =>
    /^\s*!|!==?\s*true\b|(?<![!=])===?\s*(?:false|0|null|undefined)\b/.test(condition.getText());
  for (let current: ts.Node = write; current !== fn && !ts.isSourceFile(current); current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.expression !== current && mentionsRead(parent.expression)) {
      return parent.thenStatement === current ? negated(parent.expression) : !negated(parent.expression);
    }
    if (
      ts.isConditionalExpression(parent) &&
      parent.condition !== current &&
      mentionsRead(parent.condition)
    ) {
      return parent.whenTrue === current ? negated(parent.condition) : !negated(parent.condition);
    }
    // `(await find(key)) ?? (await create(key))`: the right side runs when the left found nothing
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === current &&
      (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
      mentionsRead(parent.left)
    ) {
      return true;
    }
  }
  let missing = false;
  forEachInFunction(fn.body as ts.Node, (node) => {
    if (missing) return 'skip';
    if (
      ts.isIfStatement(node) &&
      node.getEnd() < write.getStart() &&
      mentionsRead(node.expression) &&
      exits(node.thenStatement) &&
      !negated(node.expression)
    ) {
      missing = true;
    }
    return undefined;
  });
  return missing;
}

/** Whether the call's arguments hold arithmetic (`+ - * / %`) on one of the names: a value computed from the read. */
function computesFrom(keyNodes: readonly ts.Node[], names: ReadonlySet<string>): boolean {
  return keyNodes.some((argument) => hasArithmeticOn(argument, names));
}

const arithmetic = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
]);

/** Whether `root` holds arithmetic (`+ - * / %`) with one of the names as an operand (or inside one). */
function hasArithmeticOn(root: ts.Node, names: ReadonlySet<string>): boolean {
  const rootsOf = (node: ts.Node): boolean =>
    findDescendant(node, (child) => {
      if (!ts.isIdentifier(child) || !isValueReference(child)) return false;
      return names.has(child.text);
    }) !== undefined ||
    (ts.isIdentifier(node) && names.has(node.text));
  const isArithmetic = (node: ts.Node): boolean =>
    ts.isBinaryExpression(node) &&
    arithmetic.has(node.operatorToken.kind) &&
    (rootsOf(node.left) || rootsOf(node.right));
  return isArithmetic(root) || findDescendant(root, isArithmetic) !== undefined;
}

/**
 * Locals declared between the read and the write whose initializer does arithmetic on the value read, or on such a
 * local: `const next = current + 1`.
 */
function computedFrom(
  fn: FunctionLike,
  read: Read,
  write: ts.Node,
  derives: (nodes: readonly ts.Node[], names: ReadonlySet<string>) => boolean = (nodes, names) =>
    nodes.some((node) => hasArithmeticOn(node, names)),
): Set<string> {
  const computed = new Set<string>();
  if (read.results.size === 0) return computed;
  const sources = new Set(read.results);
  forEachInFunction(fn.body as ts.Node, (node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer !== undefined &&
      node.getStart() > read.awaited.getEnd() &&
      node.getEnd() < write.getStart() &&
      derives([node.initializer], sources)
    ) {
      computed.add(node.name.text);
      sources.add(node.name.text);
    }
    return undefined;
  });
  return computed;
}

/** Whether the arguments spread a value rooted in one of the names: `{ ...org.billing }`, `[...rows]`. */
function spreadsFrom(nodes: readonly ts.Node[], names: ReadonlySet<string>): boolean {
  return nodes.some(
    (root) =>
      findDescendant(
        root,
        (node) =>
          (ts.isSpreadAssignment(node) || ts.isSpreadElement(node)) && mentionsAny(node.expression, names),
      ) !== undefined,
  );
}

function mentionsComputed(keyNodes: readonly ts.Node[], computed: ReadonlySet<string>): boolean {
  return keyNodes.some((argument) => mentionsAny(argument, computed));
}

export function exits(statement: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

export function mentionsAny(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    // { billing } uses the local `billing`
    if (ts.isShorthandPropertyAssignment(child) && names.has(child.name.text)) {
      found = true;
      return;
    }
    if (
      (ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) &&
      (!ts.isIdentifier(child) || isValueReference(child))
    ) {
      const text = referenceText(child);
      if (text !== undefined && names.has(text)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}
