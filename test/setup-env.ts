// aws-eks-v2 uses its own deprecated OIDC provider internally; its warning is not ours to fix.
process.env.JSII_DEPRECATED = 'quiet';
// The AWS SDK's Node 20 support notice, as bin/kubeshift.ts silences it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
