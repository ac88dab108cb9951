/** A problem with one input file; the message goes to the user as is, after the file name. */
export class FileError extends Error {}
