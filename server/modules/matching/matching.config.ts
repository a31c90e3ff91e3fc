import { IsNumber, Max, Min, ValidateNested, validateSync } from 'class-validator';

/** Relative weight of each factor in a suggestion's score (0 switches a factor off). */
export class FactorWeights {
  @IsNumber() @Min(0) @Max(10) theme = 1.5;
  @IsNumber() @Min(0) @Max(10) country = 0.3;
  @IsNumber() @Min(0) @Max(10) network = 1.0;
  @IsNumber() @Min(0) @Max(10) peers = 0.1;
  @IsNumber() @Min(0) @Max(10) nearbyPartners = 0.1;
  @IsNumber() @Min(0) @Max(10) experience = 0.3;
  @IsNumber() @Min(0) @Max(10) size = 0.3;
  @IsNumber() @Min(0) @Max(10) distance = 0.3;
  @IsNumber() @Min(0) @Max(10) scarcity = 0.1;
}

/**
 * Every tunable of the matching engine, in one typed, validated place (see docs/matching.md).
 * Override with MATCHING_CONFIG='{"weights":{"theme":2}}' (JSON, merged over these defaults).
 */
export class MatchingConfig {
  @ValidateNested() weights = new FactorWeights();
  /** Theme similarity when the candidate has the same leaf, the same sub-theme, the same theme. */
  @IsNumber() @Min(0) @Max(1) themeSameSubTheme = 0.6;
  @IsNumber() @Min(0) @Max(1) themeSameRoot = 0.3;
  /** Same-side authorities within about this distance (km, exponential decay) count as "nearby". */
  @IsNumber() @Min(1) @Max(5000) nearbyKm = 150;
  /** Number of partners at which experience reaches 63 % (1 − 1/e): large enough not to flatten well-twinned cities. */
  @IsNumber() @Min(0.1) @Max(1000) experienceScale = 10;
  /** Distance decay (km) of the geography factor. */
  @IsNumber() @Min(1) @Max(20000) distanceKm = 1000;
  /** A country with this many relationships with French authorities or fewer counts as scarce. */
  @IsNumber() @Min(0) @Max(1000) scarceBelow = 3;
  /** At most this many nearby authorities (the nearest) count, which bounds the work for seekers in dense regions. */
  @IsNumber() @Min(1) @Max(100000) maxNearby = 150;
  /**
   * Retrieval of similar-sized authorities: population within this many decades of the seeker's (0.5: a factor of
   * 3.16 either way, a size fit of at least 0.61); of the `poolPerSource` closest in population above and below the
   * seeker's, a quarter of that, the best by the size and distance factors.
   */
  @IsNumber() @Min(0.05) @Max(3) similarSizeDecades = 0.5;
  /**
   * Up to this many foreign authorities in the scarce countries, they are read by country and sorted by distance;
   * beyond, walked nearest first on the location index (see the retrieval in matching.service.ts).
   */
  @IsNumber() @Min(0) @Max(10_000_000) scarceSortedAtMost = 2000;
  /** Candidates retrieved by SQL before scoring (per source). */
  @IsNumber() @Min(10) @Max(100000) poolPerSource = 200;
  /** Largest `first`. */
  @IsNumber() @Min(1) @Max(1000) maxResults = 100;
}

export class MatchingConfigError extends Error {}

export function loadMatchingConfig(json?: string): MatchingConfig {
  const config = new MatchingConfig();
  if (json) {
    let parsed: { weights?: Partial<FactorWeights> } & Partial<Omit<MatchingConfig, 'weights'>>;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new MatchingConfigError('MATCHING_CONFIG is not valid JSON');
    }
    const { weights, ...rest } = parsed;
    Object.assign(config, rest);
    Object.assign(config.weights, weights ?? {});
  }
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length) {
    const flat = errors.flatMap((e) => (e.children?.length ? e.children.map((c) => `weights.${c.property}`) : [e.property]));
    throw new MatchingConfigError(`Invalid MATCHING_CONFIG: ${flat.join(', ')}`);
  }
  return config;
}
