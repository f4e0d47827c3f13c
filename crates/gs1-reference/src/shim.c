/* A thin shim over the public API of GS1's Barcode Syntax Engine (gs1encoders.h), so
 * the Rust side needs no struct layouts. Results are written as "(AI) value" lines. */
#include <stdio.h>
#include <string.h>
#include "gs1encoders.h"

void *ref_init(const char *dictionary, char *msg, size_t msglen) {
	gs1_encoder_init_status_t status = GS1_ENCODERS_INIT_SUCCESS;
	gs1_encoder_init_opts_t opts;
	gs1_encoder *ctx;
	memset(&opts, 0, sizeof(opts));
	opts.struct_size = sizeof(gs1_encoder_init_opts_t);
	opts.flags = 0; /* no fallback: the engine must read the same dictionary */
	opts.status = &status;
	opts.msgBuf = msg;
	opts.msgBufSize = msglen;
	opts.syntaxDictionary = dictionary;
	ctx = gs1_encoder_init_ex(NULL, &opts);
	if (ctx && status != GS1_ENCODERS_INIT_SUCCESS) {
		gs1_encoder_free(ctx);
		return NULL;
	}
	return ctx;
}

void ref_free(void *ctx) { gs1_encoder_free((gs1_encoder *)ctx); }

static int collect(gs1_encoder *ctx, int ok, char *out, size_t outlen) {
	char **hri;
	int n, i;
	size_t used = 0;
	out[0] = '\0';
	if (!ok) {
		snprintf(out, outlen, "%s", gs1_encoder_getErrMsg(ctx));
		return 0;
	}
	n = gs1_encoder_getHRI(ctx, &hri);
	for (i = 0; i < n; i++) {
		int w = snprintf(out + used, outlen - used, "%s\n", hri[i]);
		if (w < 0 || (size_t)w >= outlen - used)
			break;
		used += (size_t)w;
	}
	return 1;
}

/* 0: bracketed AI data; 1: scan data with symbology identifier; 2: data string
 * ("^..." element string with ^ = FNC1, or a Digital Link URI). */
int ref_parse(void *c, int mode, const char *in, char *out, size_t outlen) {
	gs1_encoder *ctx = (gs1_encoder *)c;
	int ok;
	if (mode == 0)
		ok = gs1_encoder_setAIdataStr(ctx, in);
	else if (mode == 1)
		ok = gs1_encoder_setScanData(ctx, in);
	else
		ok = gs1_encoder_setDataStr(ctx, in);
	return collect(ctx, ok, out, outlen);
}
