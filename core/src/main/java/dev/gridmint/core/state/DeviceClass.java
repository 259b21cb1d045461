package dev.gridmint.core.state;

/** What kind of accelerator an offer is priced per: a GPU, or a machine's CPU as one device. */
public enum DeviceClass { CPU, GPU }
