'use client';

import { Download } from 'lucide-react';
import { Button } from '@/components/ui/button';

/** Saves text the page already holds as a file (no request to the server). */
export function DownloadButton({ text, fileName, label }: { text: string; fileName: string; label: string }) {
  function save() {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/sql;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <Button type="button" variant="outline" size="sm" onClick={save} data-test="download-recorded">
      <Download aria-hidden className="size-4" />
      {label}
    </Button>
  );
}
