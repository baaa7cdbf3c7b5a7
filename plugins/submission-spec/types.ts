import type { Access, CollectionSlug, FieldAccess, TaskType } from 'payload'

import type { CollectionOverride } from '../shared/collectionOverride'
import type { OriginalsStore } from './utilities/originals'

import { directoryOriginals } from './utilities/originals'

/** A size of image every picture (and every video's poster frame) is rendered to. */
export type RenditionSize = {
  name: string
  width: number
  height: number
}

export type SubmissionSpecOptions = {
  /**
   * `false` keeps the collections and fields (same schema, same migrations) but stops probing,
   * spec checks, processing and the public endpoints.
   * @default true
   */
  enabled?: boolean
  /** Slugs of the collections the plugin works with. Their fields are those of this project's domain. */
  collections?: {
    /** @default 'entries' */
    entries?: CollectionSlug
    /** @default 'sub-projects' */
    subProjects?: CollectionSlug
    /** @default 'media' */
    media?: CollectionSlug
    /** @default 'featured-workers' */
    featuredWorkers?: CollectionSlug
    /** @default 'campaigns' */
    campaigns?: CollectionSlug
    /** Notices whose `attachments.file` use media. @default 'notices' */
    notices?: CollectionSlug
    /** Columns (drafts) whose `banner` uses media, filed under a `unit` and a `campaign`. @default 'columns' */
    columns?: CollectionSlug
    /** Netizens' contributions whose `images` use media, public once `state` is approved. @default 'interactions' */
    interactions?: CollectionSlug
    /** The units (`path` holds their ancestors' ids) documents are filed under. @default 'organizers' */
    organizers?: CollectionSlug
    /** The staff accounts that upload and judge. @default 'users' */
    users?: CollectionSlug
  }
  /**
   * Where the untouched originals of uploads whose public copy had metadata removed are kept.
   * Must lie outside every upload's static folder: nothing there is served but through
   * `GET /api/<media>/:id/original`.
   * Used by the default `originals` store only.
   * @default 'media-originals' (from the working directory)
   */
  originalsDir?: string
  /**
   * Where the untouched originals are kept, if not in `originalsDir` on this server's disk:
   * `put`, `get` and `remove` by the stored file's name (`OriginalsStore`), e.g. a private prefix
   * of an S3 bucket when uploads are stored there, so that any instance can serve them.
   * @default directoryOriginals(originalsDir)
   */
  originals?: OriginalsStore
  /** Who may do what the plugin adds. */
  access?: {
    /**
     * Who downloads the untouched original (`GET /api/<media>/:id/original`): `true`, `false` or
     * a `Where` on the media collection. @default nobody
     */
    readOriginal?: Access
    /**
     * Who reads the bookkeeping fields on media (`usage`, `uploadedBy`, `originalFile`): which
     * units, campaigns and judges use a file is office business. @default logged-in users of `users`
     */
    readUsage?: FieldAccess
    /**
     * Who deletes a rendition by hand (the processing job makes them, and they go with their
     * original whatever this says). `true`, `false` or a `Where` on renditions. @default nobody
     */
    deleteRenditions?: Access
  }
  /** Slug of the renditions upload collection the plugin adds. @default 'renditions' */
  renditionsSlug?: string
  /**
   * Changes to the collection the plugin adds, as Payload's own plugins take them
   * (`formOverrides`): any collection option but the slug (`renditionsSlug`), `admin` and
   * `access` merged over the plugin's one level deep, hooks run after the plugin's own, and
   * `fields` as `({ defaultFields }) => Field[]` (keep `defaultFields`: the processing job writes
   * them). Without `access` renditions stay read-only and read as their originals; `upload`
   * replaces the plugin's whole (`renditionsDir`, the safe headers, the 404 for a lost file).
   * @default {} (the collection as the plugin makes it)
   */
  overrides?: {
    /** The renditions upload collection (衍生文件). */
    renditions?: CollectionOverride
  }
  /** Where rendition files are stored. @default 'media/renditions' (from the working directory) */
  renditionsDir?: string
  /**
   * Image renditions made of every picture and every video's poster frame.
   * @default thumbnail 300×300, card 768×432, wechat-cover 900×383 (公众号封面), weibo 980×560
   */
  imageSizes?: RenditionSize[]
  /** Public submission (`POST /api/<entries>/submit`) and recommendation (`POST /api/<featured-workers>/recommend`). */
  publicSubmission?: {
    /** Largest file accepted whatever the sub-project allows, in MB. @default 200 */
    maxFileSizeMB?: number
    /** Largest photo with a recommendation, in MB. @default 10 */
    maxPhotoSizeMB?: number
  }
  /** Task slug of the media processing job. @default 'processMedia' */
  processTaskSlug?: string
  /** Task slug of the job that strips files stored before stripping existed. @default 'stripStoredMedia' */
  stripTaskSlug?: string
}

export const defaultImageSizes: RenditionSize[] = [
  { name: 'thumbnail', width: 300, height: 300 },
  { name: 'card', width: 768, height: 432 },
  { name: 'wechat-cover', width: 900, height: 383 },
  { name: 'weibo', width: 980, height: 560 },
]

/** The options with every default filled in. */
export type ResolvedOptions = {
  isEnabled: boolean
  slugs: {
    entries: CollectionSlug
    subProjects: CollectionSlug
    media: CollectionSlug
    featuredWorkers: CollectionSlug
    campaigns: CollectionSlug
    notices: CollectionSlug
    columns: CollectionSlug
    interactions: CollectionSlug
    organizers: CollectionSlug
    users: CollectionSlug
    renditions: CollectionSlug
  }
  /** The app's changes to the collection the plugin adds (applied in index.ts). */
  overrides: NonNullable<SubmissionSpecOptions['overrides']>
  renditionsDir: string
  originals: OriginalsStore
  readOriginal: Access
  readUsage: FieldAccess
  deleteRenditions: Access
  imageSizes: RenditionSize[]
  maxFileSizeBytes: number
  maxPhotoSizeBytes: number
  processTaskSlug: TaskType
  stripTaskSlug: TaskType
}

export const resolveOptions = (options: SubmissionSpecOptions): ResolvedOptions => {
  const users = options.collections?.users ?? slug('users')
  return {
    isEnabled: options.enabled !== false,
    slugs: {
      entries: options.collections?.entries ?? slug('entries'),
      subProjects: options.collections?.subProjects ?? slug('sub-projects'),
      media: options.collections?.media ?? slug('media'),
      featuredWorkers: options.collections?.featuredWorkers ?? slug('featured-workers'),
      campaigns: options.collections?.campaigns ?? slug('campaigns'),
      notices: options.collections?.notices ?? slug('notices'),
      columns: options.collections?.columns ?? slug('columns'),
      interactions: options.collections?.interactions ?? slug('interactions'),
      organizers: options.collections?.organizers ?? slug('organizers'),
      users,
      renditions: slug(options.renditionsSlug ?? 'renditions'),
    },
    overrides: options.overrides ?? {},
    renditionsDir: options.renditionsDir ?? 'media/renditions',
    originals: options.originals ?? directoryOriginals(options.originalsDir ?? 'media-originals'),
    readOriginal: options.access?.readOriginal ?? (() => false),
    readUsage: options.access?.readUsage ?? (({ req }) => req.user?.collection === users),
    deleteRenditions: options.access?.deleteRenditions ?? (() => false),
    imageSizes: options.imageSizes ?? defaultImageSizes,
    maxFileSizeBytes: (options.publicSubmission?.maxFileSizeMB ?? 200) * 1024 * 1024,
    maxPhotoSizeBytes: (options.publicSubmission?.maxPhotoSizeMB ?? 10) * 1024 * 1024,
    processTaskSlug: task(options.processTaskSlug ?? 'processMedia'),
    stripTaskSlug: task(options.stripTaskSlug ?? 'stripStoredMedia'),
  }
}

// A default, or the slug of what the plugin itself adds, is in an app's generated types only once
// the plugin runs in that app: named here, it is a string.
const slug = (name: string) => name as CollectionSlug
const task = (name: string) => name as TaskType
