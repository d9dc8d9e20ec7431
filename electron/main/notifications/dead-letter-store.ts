// Deliveries that failed every attempt, kept (in `dead-letters.json`) until the user re-delivers or
// discards them — the local stand-in for SCF's dead-letter queue / Lambda's on-failure destination.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { DeadLetterDto } from '../../shared/triggers.ts';
import { readJson, writeJson } from './json-file.ts';

export const DEAD_LETTERS_FILE = 'dead-letters.json';
const MAX_DEAD_LETTERS = 10_000;

export class DeadLetterStore {
  private letters: DeadLetterDto[];
  private readonly file: string | undefined;

  constructor(dataDir: string | undefined) {
    this.file = dataDir === undefined ? undefined : path.join(dataDir, DEAD_LETTERS_FILE);
    this.letters = readJson<DeadLetterDto[]>(this.file, []);
  }

  list(): DeadLetterDto[] {
    return [...this.letters];
  }

  add(letter: Omit<DeadLetterDto, 'id'>): DeadLetterDto {
    const dto = { id: `dlq-${randomUUID().slice(0, 8)}`, ...letter };
    this.letters.push(dto);
    if (this.letters.length > MAX_DEAD_LETTERS) this.letters.splice(0, this.letters.length - MAX_DEAD_LETTERS);
    writeJson(this.file, this.letters);
    return dto;
  }

  /** Removes and returns one letter. */
  take(id: string): DeadLetterDto {
    const letter = this.letters.find((l) => l.id === id);
    if (letter === undefined) throw new AppError({ code: 'NotFound', message: `No dead letter ${id}` });
    this.letters = this.letters.filter((l) => l.id !== id);
    writeJson(this.file, this.letters);
    return letter;
  }
}
