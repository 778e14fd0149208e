// Entry for `npm run bench -- real-bugs` (bench/run.js runs the scripts at the top of bench/): scores awaitwise and
// ESLint + typescript-eslint on the real-bug corpus. The scorer and the cases live in bench/real-bugs/.
import './real-bugs/score.js';
