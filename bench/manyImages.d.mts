/** N images of 10 layers each (11 lines per image): the program both scaling benches measure. */
export function manyImagesSource(images: number): string;
