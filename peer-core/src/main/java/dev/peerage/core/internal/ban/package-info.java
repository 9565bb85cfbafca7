/** The ban list (subnets and node ids, history, discouragement) and the misbehaviour tracker. */
package dev.peerage.core.internal.ban;
