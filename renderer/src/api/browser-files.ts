// Browser mode file transfer: bodies go over plain HTTP to the same loopback server, never through RPC.
// Upload uses XHR because fetch() cannot report upload progress.
import type { ObjectRef } from '../../../electron/shared/contract.ts';
import { AppError, type AppErrorDto } from '../../../electron/shared/errors.ts';
import type { FileAccess, UploadTarget, ZipSelection } from './client.ts';
import type { TransferDto } from '../../../electron/shared/dto.ts';

export function browserFiles(token: string, base = ''): FileAccess {
  return {
    upload(target: UploadTarget, file: File, onProgress, signal) {
      return new Promise<TransferDto | undefined>((resolve, reject) => {
        const q = new URLSearchParams({ connectionId: target.connectionId, bucket: target.bucket, key: target.key });
        const xhr = new XMLHttpRequest();
        xhr.open('PUT', `${base}/upload?${q}`);
        xhr.setRequestHeader('Authorization', `Bearer ${token}`);
        if (file.type) xhr.setRequestHeader('Content-Type', file.type);
        xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
        xhr.onload = () => {
          if (xhr.status >= 200 && xhr.status < 300) return resolve(parseTransfer(xhr.responseText));
          reject(new AppError(parseError(xhr.responseText, xhr.status)));
        };
        xhr.onerror = () => reject(new AppError({ code: 'Unreachable', message: `Upload of ${file.name} failed: the local server did not answer.` }));
        xhr.onabort = () => reject(new AppError({ code: 'Cancelled', message: `Upload of ${file.name} was cancelled.` }));
        signal.addEventListener('abort', () => xhr.abort(), { once: true });
        xhr.send(file);
      });
    },
    async downloadZip(selection: ZipSelection) {
      // The selection goes in a request of its own (it may be too long for a URL); the answer is a one-use link
      // the browser then downloads like any other, with its own progress and cancel.
      const res = await fetch(`${base}/download-zip`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(selection),
      });
      const body = await res.text();
      if (!res.ok) throw new AppError(parseError(body, res.status));
      const { url } = JSON.parse(body) as { url: string };
      const link = document.createElement('a');
      link.href = `${base}${url}&token=${encodeURIComponent(token)}`;
      link.download = '';
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    },
    downloadUrl(ref: ObjectRef) {
      const q = new URLSearchParams({ connectionId: ref.connectionId, bucket: ref.bucket, key: ref.key });
      if (ref.versionId) q.set('versionId', ref.versionId);
      q.set('token', token);
      return `${base}/download?${q}`;
    },
  };
}

function parseTransfer(body: string): TransferDto | undefined {
  try {
    const parsed = JSON.parse(body) as Partial<TransferDto>;
    return typeof parsed.id === 'string' && typeof parsed.state === 'string' ? (parsed as TransferDto) : undefined;
  } catch {
    return undefined;
  }
}

function parseError(body: string, status: number): AppErrorDto {
  try {
    const parsed = JSON.parse(body) as { error?: AppErrorDto } & Partial<AppErrorDto>;
    if (parsed.error?.message) return parsed.error;
    if (parsed.message && parsed.code) return parsed as AppErrorDto;
  } catch {
    /* not JSON */
  }
  return { code: 'Internal', message: body.trim() || `The local server answered HTTP ${status}`, status };
}
