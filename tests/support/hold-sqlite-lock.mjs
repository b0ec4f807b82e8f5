// Another program holding a SQLite file's write lock: BEGIN EXCLUSIVE until its stdin closes.
// Prints "locked" once it holds the lock.
import sqlite3 from 'sqlite3';

const [file] = process.argv.slice(2);
const database = new sqlite3.Database(file);
database.exec('PRAGMA journal_mode=WAL; BEGIN EXCLUSIVE;', (error) => {
  if (error) {
    console.error(error.message);
    process.exit(1);
  }
  process.stdout.write('locked\n');
});
process.stdin.resume();
process.stdin.on('end', () => {
  database.exec('ROLLBACK', () => database.close(() => process.exit(0)));
});
