/** Marks a state the type system proves impossible; throws if it ever happens at run time. */
export function unreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}
