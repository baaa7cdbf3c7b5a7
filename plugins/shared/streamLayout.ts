/**
 * A clip's first video and sound streams, as ffprobe reports them: what the submission-spec
 * plugin keeps on an upload's probe (`probe.streams`) and the unified-campaign plugin compares to
 * decide whether an intro and a work can be joined without re-encoding.
 */
export type StreamLayout = {
  /** How long the picture lasts (the file's duration when it has no video), in seconds. */
  durationSeconds: number
  /** When the picture starts, in seconds: 0 for a clip whose first frame shows at once. */
  startSeconds: number
  /** How long the file plays, sound included, as a player shows it, in seconds. */
  fileDurationSeconds: number
  video: {
    codec: string
    /** Coded size, before any rotation a player applies. */
    width: number
    height: number
    /** `r_frame_rate` as written, e.g. `25/1`, `30000/1001`. */
    frameRate: string
    /** e.g. `yuv420p`. */
    pixelFormat: string
  } | null
  audio: { codec: string; sampleRate: number; channels: number } | null
}

/** The fields of one ffprobe stream the layout reads. */
export type FfprobeStreamFields = {
  codec_type?: string
  codec_name?: string
  width?: number
  height?: number
  r_frame_rate?: string
  pix_fmt?: string
  sample_rate?: string
  channels?: number
  duration?: string
  start_time?: string
}

/**
 * The layout of a clip from ffprobe's `-show_format -show_streams` output, given the video and
 * sound streams the caller takes as the clip's (the same defaults wherever it is read, so a
 * decision does not depend on whether the layout was stored or probed again).
 */
export const layoutOf = ({
  video,
  audio,
  format,
}: {
  video: FfprobeStreamFields | undefined
  audio: FfprobeStreamFields | undefined
  format?: { duration?: string; start_time?: string }
}): StreamLayout => {
  return {
    durationSeconds: Number(video?.duration ?? format?.duration ?? 0),
    startSeconds: Number(video?.start_time ?? format?.start_time ?? 0),
    fileDurationSeconds: Number(format?.duration ?? video?.duration ?? 0),
    video: video
      ? {
          codec: video.codec_name ?? '',
          width: video.width ?? 0,
          height: video.height ?? 0,
          frameRate: video.r_frame_rate ?? '25/1',
          pixelFormat: video.pix_fmt ?? 'yuv420p',
        }
      : null,
    audio: audio
      ? {
          codec: audio.codec_name ?? '',
          sampleRate: Number(audio.sample_rate ?? 44100),
          channels: audio.channels ?? 2,
        }
      : null,
  }
}
