import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A reader's goal (issues or sessions per week, month or year), off until set: its three
 * columns are set together or not at all.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE users
      ADD COLUMN goal_unit text CHECK (goal_unit IN ('issues', 'sessions')),
      ADD COLUMN goal_per text CHECK (goal_per IN ('week', 'month', 'year')),
      ADD COLUMN goal_target integer CHECK (goal_target BETWEEN 1 AND 10000),
      ADD CONSTRAINT users_goal_whole CHECK (
        (goal_unit IS NULL) = (goal_per IS NULL) AND (goal_per IS NULL) = (goal_target IS NULL))`)
  }

  async down() {
    this.schema.raw(
      'ALTER TABLE users DROP CONSTRAINT users_goal_whole, DROP COLUMN goal_target, DROP COLUMN goal_per, DROP COLUMN goal_unit'
    )
  }
}
