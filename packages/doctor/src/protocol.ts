/** The file `awaitwise doctor --timeout` creates in the report directory before it stops the program. */
export const stopFileName = 'stop-requested';
