/**
 * What row hygiene remembers while it reads a file: contact ids and event-type cells as they are
 * written (each numbered in order of first sight), each contact's last identity cells (as a hash:
 * exports repeat them on every row, and only a change is work), and every row's duplicate key.
 * Two implementations number and hash alike within one import: JsRowTables, and the WebAssembly
 * row scanner's tables (row-scan.ts), which its fast path and the string path share.
 */
import { grown } from '../grown';
import { detach } from '../strings';
import { type CellHasher, RangeMap } from './cell-hash';

export interface RowTables {
  /** The contact of an id as written: its number, or -(number + 1) when it is new. */
  claimContact(key: string): number;
  /** Whether the contact's identity cells (cells[columns]) differ from its last; remembers them. */
  identityChanged(contact: number, cells: readonly string[], columns: readonly number[]): boolean;
  /** The slot of an event-type cell as written, or -1. */
  typeSlot(cell: string): number;
  /** Gives an event-type cell the next slot; returns it. */
  addType(cell: string): number;
  /** The duplicate key of cells[columns]. */
  dupKey(cells: readonly string[], columns: readonly number[]): number;
}

/** The tables in TypeScript, hashed by a CellHasher; the in-place fast path (RowHygiene.fastRow) reads them directly. */
export class JsRowTables implements RowTables {
  readonly contacts: RangeMap;
  readonly types: RangeMap;
  /** Each contact's last identity hash (NaN for none yet). */
  lastIdentity = new Float64Array(1024);
  contactCount = 0;
  typeCount = 0;

  constructor(readonly hasher: CellHasher) {
    this.contacts = new RangeMap(hasher);
    this.types = new RangeMap(hasher);
  }

  claimContact(key: string): number {
    const c = this.contacts.get(key, 0, key.length);
    return c >= 0 ? c : -this.addContact(key) - 1;
  }

  /** Numbers a contact first seen with this id, as written in the file. */
  addContact(key: string): number {
    const c = this.contactCount++;
    this.contacts.add(detach(key), c);
    if (c === this.lastIdentity.length) this.lastIdentity = grown(this.lastIdentity, c * 2);
    this.lastIdentity[c] = NaN;
    return c;
  }

  identityChanged(contact: number, cells: readonly string[], columns: readonly number[]): boolean {
    const identity = this.hasher.cells(cells, columns);
    if (this.lastIdentity[contact] === identity) return false;
    this.lastIdentity[contact] = identity;
    return true;
  }

  typeSlot(cell: string): number {
    return this.types.get(cell, 0, cell.length);
  }

  addType(cell: string): number {
    const slot = this.typeCount++;
    this.types.add(detach(cell), slot);
    return slot;
  }

  dupKey(cells: readonly string[], columns: readonly number[]): number {
    return this.hasher.cells(cells, columns);
  }
}
