/** Runs the walks in the order of their file names (1-engineers, 2-english, 3-reference, 4-plan-changes). */
const Sequencer = require('@jest/test-sequencer').default;

class ByName extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
}

module.exports = ByName;
