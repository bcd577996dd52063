// Placeholder until the demo generator lands in this session.
export async function runDemoCommand(_args: string[]): Promise<number> {
  console.error('demo: not available yet');
  return 1;
}
