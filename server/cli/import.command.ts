// Placeholder until the importer lands in this session.
export async function runImportCommand(_args: string[]): Promise<number> {
  console.error('import: not available yet');
  return 1;
}
