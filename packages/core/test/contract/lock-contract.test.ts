import { KeyedMutex, KeyedSemaphore, Mutex, Semaphore } from '../../src/index.js';
import { keyedMutexContract, mutexContract, semaphoreContract } from './lock-contract.js';

mutexContract('Mutex', () => new Mutex());
keyedMutexContract('KeyedMutex', () => new KeyedMutex<string>());
keyedMutexContract('KeyedSemaphore(1)', () => new KeyedSemaphore<string>(1));
semaphoreContract('Semaphore', 1, () => new Semaphore(1));
semaphoreContract('Semaphore', 3, () => new Semaphore(3));
semaphoreContract('Mutex as a 1-permit semaphore', 1, () => {
  const mutex = new Mutex();
  return { acquire: (options) => mutex.lock(options), tryAcquire: () => mutex.tryLock() };
});
