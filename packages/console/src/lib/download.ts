/** Saves text as a file through the browser's download, without a round trip to the server. */
export function downloadFile(fileName: string, content: string | Uint8Array, type = 'text/csv'): void {
  const part: BlobPart = typeof content === 'string' ? content : new Uint8Array(content);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a moment later is safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The .csv file of a new access key, in the IAM console's format: a header row
 * `Access key ID,Secret access key` and the pair, CRLF line ends (RFC 4180). Neither value can
 * hold a comma or a quote (key ids are [A-Z0-9], secrets base64), so no field needs quoting.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
 */
export function accessKeyCsv(accessKeyId: string, secretAccessKey: string): string {
  return `Access key ID,Secret access key\r\n${accessKeyId},${secretAccessKey}\r\n`;
}

/** The IAM console names the file after the key's owner: alice_accessKeys.csv, or rootkey.csv for the root user. */
export function accessKeyCsvFileName(userName: string | undefined): string {
  return userName ? `${userName}_accessKeys.csv` : 'rootkey.csv';
}
