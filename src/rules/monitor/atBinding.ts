/**
 * A ledger's entry for one binding, made on first use. The monitor's state is plain data without holes
 * (a snapshot is a tree of plain values), so the bindings before it get an empty entry too: a ledger
 * that only intermediate drivers use has nothing at binding 0, yet an entry there.
 */
export function atBinding<T>(byBinding: T[], binding: number, empty: () => NoInfer<T>): T {
  while (byBinding.length <= binding) byBinding.push(empty());
  return byBinding[binding]!;
}
