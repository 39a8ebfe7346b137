// A UUIDv7 (48 bits of milliseconds, version 7, random rest): the ids the server takes for new
// records.
export const uuid7 = () => {
  const hex = Date.now().toString(16).padStart(12, '0') + crypto.randomUUID().replaceAll('-', '').slice(12);
  const v = hex.slice(0, 12) + '7' + hex.slice(13, 16) + ((parseInt(hex[16], 16) & 3) | 8).toString(16) + hex.slice(17, 32);
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
};
