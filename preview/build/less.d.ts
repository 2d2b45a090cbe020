// The slice of less 3's API the preview build and scripts/size-check.ts use (it ships no typings).
declare module 'less' {
  interface RenderOptions {
    /** The file being compiled: relative @imports resolve from it. */
    filename?: string;
    paths?: string[];
  }
  interface RenderOutput {
    css: string;
    /** Every file @imported, absolute. */
    imports: string[];
  }
  const less: { render(input: string, options?: RenderOptions): Promise<RenderOutput> };
  export = less;
}
