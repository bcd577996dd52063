// Replaced by the import page (upload, progress, row report).
export default function ImportPage() {
  return null;
}
