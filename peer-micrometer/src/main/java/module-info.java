/**
 * Peerage's Micrometer binding: {@link dev.peerage.micrometer.PeerManagerMetrics}, a
 * {@code MeterBinder} for a {@code PeerManager}, with its meters named in
 * {@link dev.peerage.micrometer.PeerageMeter}. Only the API package is exported.
 *
 * <p>Micrometer's jar is an automatic module ({@code micrometer.core}); it is required transitively
 * because the binder's API names its types ({@code MeterRegistry}, {@code Tag}).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.peerage.micrometer {
  requires transitive dev.peerage.core;
  requires transitive micrometer.core;

  exports dev.peerage.micrometer;
}
