/**
 * How {@code PeerManagerMetrics} reads its figures: {@link dev.peerage.micrometer.internal.StatsCache}
 * (one snapshot per scrape) and {@link dev.peerage.micrometer.internal.MeterReadings} (each meter's
 * value from a snapshot).
 */
package dev.peerage.micrometer.internal;
